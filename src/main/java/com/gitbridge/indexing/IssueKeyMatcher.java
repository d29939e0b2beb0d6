package com.gitbridge.indexing;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

// STAND-IN until the real matcher is merged.
class IssueKeyMatcher {
    private static final Pattern KEY = Pattern.compile("(?<![A-Za-z0-9_-])([A-Z][A-Z0-9_]*)-([1-9][0-9]*)(?![A-Za-z0-9])");
    private final Set<String> projects;

    IssueKeyMatcher(Set<String> projects) {
        this.projects = projects;
    }

    Set<String> inMessage(CharSequence text) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            if (projects.contains(m.group(1))) {
                keys.add(m.group());
            }
        }
        return keys;
    }

    Set<String> inBranchName(String name) {
        return inMessage(name.toUpperCase(Locale.ROOT));
    }
}
