package com.gitbridge.issue;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Branch names from issues, and git's rules for what a branch name may be ({@code git check-ref-format}). */
final class BranchNames {

    static final int MAX_LENGTH = 250;
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    private static final Pattern FORBIDDEN_CHARACTER = Pattern.compile("[\\x00-\\x20\\x7f~^:?*\\[\\\\]");

    private BranchNames() {
    }

    /** {@code KEY-summary-words} in lower case, at most {@value #MAX_LENGTH} characters, always a valid ref. */
    static String suggest(String issueKey, String summary) {
        String words = Normalizer.normalize(summary == null ? "" : summary, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        words = NOT_WORD.matcher(words).replaceAll("-").replaceAll("^-+|-+$", "");
        String name = issueKey.toLowerCase(Locale.ROOT) + (words.isEmpty() ? "" : "-" + words);
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
            int lastDash = name.lastIndexOf('-');
            if (lastDash > issueKey.length()) {
                name = name.substring(0, lastDash);
            }
        }
        return name.replaceAll("-+$", "");
    }

    /** Why git would refuse {@code name} as a branch, or {@code null} if it is valid. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "Give the branch a name";
        }
        if (name.length() > MAX_LENGTH) {
            return "Use at most " + MAX_LENGTH + " characters";
        }
        if (FORBIDDEN_CHARACTER.matcher(name).find()) {
            return "Spaces and the characters ~ ^ : ? * [ \\ are not allowed";
        }
        if (name.contains("..") || name.contains("@{") || name.contains("//") || name.equals("@")) {
            return "\"..\", \"@{\", \"//\" and \"@\" alone are not allowed";
        }
        if (name.startsWith("-") || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")) {
            return "A branch name may not start with - or /, nor end with / or .";
        }
        for (String component : name.split("/")) {
            if (component.startsWith(".") || component.endsWith(".lock")) {
                return "No part of the name may start with . or end with .lock";
            }
        }
        return null;
    }
}
