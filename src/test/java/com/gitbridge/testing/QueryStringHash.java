package com.gitbridge.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Atlassian Connect's query string hash, written here from the published algorithm (not the library's code),
 * so tests sign requests the way Jira does and not the way the app under test happens to verify them.
 */
public final class QueryStringHash {

    private QueryStringHash() {
    }

    /** @param pathAndQuery the request path relative to the app's base URL, with its query, e.g. {@code /pages/admin?a=b} */
    public static String of(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // The canonical path ends with '/' only when it is just '/'.
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String canonical = method.toUpperCase() + "&" + path + "&" + canonicalQuery(uri.getRawQuery());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, List<String>> parameters = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            if (key.equals("jwt")) {
                continue;
            }
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        List<String> parts = new ArrayList<>();
        parameters.forEach((key, values) -> {
            List<String> encoded = values.stream().sorted().map(QueryStringHash::encode).toList();
            parts.add(encode(key) + "=" + String.join(",", encoded));
        });
        return String.join("&", parts);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
