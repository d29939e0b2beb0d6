package com.gitbridge.testing.canary;

import java.util.Locale;

/**
 * The marker every secret the tests hand the app carries (tokens, PATs, AWS secret keys, Connect shared secrets).
 * The app may store a secret only encrypted and show at most its last four characters, so the marker, placed
 * early in each secret, must never appear in anything the app writes: {@link CanaryWatch} looks for it.
 */
public final class Canary {

    public static final String MARKER = "CANARY7";

    private Canary() {
    }

    /** {@code prefix}, the marker, then {@code rest}: a secret in its host's shape that the watch recognises. */
    public static String secret(String prefix, String rest) {
        return prefix + MARKER + rest;
    }

    /** Whether {@code text} holds the marker, in any letter case. */
    public static boolean isIn(CharSequence text) {
        return text != null && text.toString().toUpperCase(Locale.ROOT).contains(MARKER);
    }
}
