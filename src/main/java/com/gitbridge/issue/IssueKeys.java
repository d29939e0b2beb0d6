package com.gitbridge.issue;

import java.util.regex.Pattern;

/** Jira's issue key shape: a project key (a letter, then letters, digits or underscores) and a number. */
final class IssueKeys {

    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}");

    private IssueKeys() {
    }

    static boolean isValid(String key) {
        return key != null && KEY.matcher(key).matches();
    }
}
