package com.gitbridge.provider;

/**
 * What of a host's answer may go into a message (which reaches API answers, index status and log lines). A hostile
 * host may answer with anything: a secret it got from elsewhere, a forged log line. So a failure (5xx) and any
 * answer that is not the host's structured error are told by status and words of our own only; the explanation of a
 * refusal (4xx) that the host's error structure holds is quoted, short, on one line, with printable characters only
 * and without the credential. Raw response bodies are never quoted, nor kept as an exception's cause.
 */
public final class HostText {

    static final int MAX_QUOTE = 200;
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private HostText() {
    }

    /**
     * {@code ": <explanation>"} to append to a message, or {@code ""} if the host said nothing usable.
     *
     * @param secrets values to mask if the host echoed them (the credential); blank and very short ones are ignored
     */
    public static String quote(String said, String... secrets) {
        if (said == null) {
            return "";
        }
        String text = said.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\s]+", " ")
                .replaceAll("[^\\p{L}\\p{N}\\p{P}\\p{S} ]", "")
                .strip();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 8) {
                text = text.replace(secret, "****");
            }
        }
        if (text.isEmpty()) {
            return "";
        }
        if (text.length() > MAX_QUOTE) {
            text = text.substring(0, MAX_QUOTE) + "…";
        }
        return ": " + text;
    }

    /**
     * A host's error code or status word ({@code AccessDeniedException}, {@code rejectedByPolicy}) as it is, or
     * {@code null} if it is not shaped like one.
     */
    public static String code(String said) {
        return said != null && CODE.matcher(said).matches() ? said : null;
    }
}
