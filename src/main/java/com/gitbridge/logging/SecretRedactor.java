package com.gitbridge.logging;

import java.util.regex.Pattern;

/**
 * Masks text shaped like a secret: JWTs (the Connect library puts whole tokens into exception messages) and the
 * well-known token formats of GitHub and GitLab. A second line of defence: code never logs secrets on purpose.
 */
public final class SecretRedactor {

    private static final Pattern SECRET = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"      // JWT (header starts with {")
                    + "|\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"          // GitHub tokens
                    + "|\\bgithub_pat_[A-Za-z0-9_]{20,}"                       // GitHub fine-grained tokens
                    + "|\\bglpat-[A-Za-z0-9_-]{20,}");                         // GitLab personal tokens

    public static final String MASK = "[redacted]";

    private SecretRedactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return SECRET.matcher(text).replaceAll(MASK);
    }
}
