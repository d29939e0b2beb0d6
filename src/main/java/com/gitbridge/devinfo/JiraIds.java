package com.gitbridge.devinfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ids Jira's development information stores the app's repositories and branches under. Jira keys everything it
 * holds by these ids, and deletes by them: they must never change, or Jira would show each repository twice and the
 * deletes would miss.
 * <ul>
 *   <li>Repository: the integration's id, {@code _}, and the repository's path ({@code owner/name}) encoded, so that
 *   two hosts' repositories of the same path stay apart and a reindex or restart gives the same id.</li>
 *   <li>Branch: its name encoded.</li>
 *   <li>Pull request: the host's id, encoded (the hosts' ids are numbers, which the encoding leaves as they are).</li>
 * </ul>
 * The encoding keeps {@code [A-Za-z0-9.\-_]} and writes every other UTF-8 byte as {@code ~} and two lower-case hex
 * digits ({@code ~} itself is {@code ~7e}), so only {@code [A-Za-z0-9~.\-_]}, the characters Jira takes, remain and
 * two names never meet. An id that would be longer than Jira's 1024 characters is {@code ~~} and the SHA-256 (hex)
 * of what it encodes instead: no encoded text starts with {@code ~~}.
 */
final class JiraIds {

    static final int MAX_LENGTH = 1024;

    private JiraIds() {
    }

    static String repository(String integrationId, String repositoryPath) {
        return fitted(integrationId + "_" + encode(repositoryPath), integrationId + "_" + repositoryPath);
    }

    static String branch(String name) {
        return fitted(encode(name), name);
    }

    static String pullRequest(String hostId) {
        return fitted(encode(hostId), hostId);
    }

    static String encode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
                encoded.append((char) c);
            } else {
                encoded.append('~').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return encoded.toString();
    }

    private static String fitted(String id, String original) {
        if (id.length() <= MAX_LENGTH) {
            return id;
        }
        try {
            return "~~" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(original.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
