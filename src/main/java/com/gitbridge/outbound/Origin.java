package com.gitbridge.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a request goes: scheme, host and port of its URL, the default port filled in. A client bound to an
 * integration's origin sends nothing to a URL of any other.
 */
public record Origin(String scheme, String host, int port) {

    public Origin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    /** The origin of an {@code http} or {@code https} URL; empty for anything else. */
    public static Optional<Origin> of(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return of(new URI(url));
        } catch (URISyntaxException notAUrl) {
            return Optional.empty();
        }
    }

    public static Optional<Origin> of(URI uri) {
        return of(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    public static Optional<Origin> of(URL url) {
        return of(url.getProtocol(), url.getHost(), url.getPort());
    }

    /** The origin of a URL given in parts; {@code port} -1 for the scheme's default. */
    public static Optional<Origin> of(String scheme, String host, int port) {
        String lowerScheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty() || !(lowerScheme.equals("https") || lowerScheme.equals("http"))) {
            return Optional.empty();
        }
        return Optional.of(new Origin(lowerScheme, host, port(lowerScheme, port)));
    }

    /** The origin of a URL that must have one, such as an integration's own API root. */
    public static Origin required(String url) {
        return of(url).orElseThrow(() -> new IllegalArgumentException("Not an http(s) URL with a host"));
    }

    public boolean contains(URI uri) {
        return of(uri).filter(this::equals).isPresent();
    }

    public boolean contains(URL url) {
        return of(url).filter(this::equals).isPresent();
    }

    private static int port(String scheme, int port) {
        return port != -1 ? port : scheme.equals("https") ? 443 : 80;
    }

    @Override
    public String toString() {
        boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
