package com.gitbridge.indexing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the Jira issue keys of one site's projects in commit messages, pull request texts and branch names.
 * <p>
 * A key is {@code PROJECT-NUMBER} ({@code [A-Z][A-Z0-9_]*-[1-9][0-9]*}) that is not preceded by a letter, digit,
 * {@code _} or (in texts) {@code -}, and not followed by a letter or digit; so {@code /browse/ABC-12} in a URL counts and
 * {@code XABC-12} or {@code ABC-12b} do not. Keys of projects the site does not have are ignored. In texts only
 * upper-case keys count (a lower-case {@code abc-1} in prose is a lookalike); in branch names any case counts, since
 * the branch names we suggest are lower case ({@code abc-1-fix-login}).
 * <p>
 * One text gives at most {@value #MAX_KEYS} keys, the first found, and only its first {@value #MAX_TEXT} characters
 * are read: every key becomes a stored row, and no real commit or pull request names more.
 * <p>
 * One pass over the text, no regular expression: it runs on every commit.
 */
public final class IssueKeyMatcher {

    /** The most keys kept of one commit message or one pull request. */
    public static final int MAX_KEYS = 100;
    /** How much of a text is read for keys. */
    public static final int MAX_TEXT = 64 * 1024;
    /** Jira issue numbers are longs; longer digit runs are not keys. */
    private static final int MAX_NUMBER_DIGITS = 18;

    private final Set<String> projectKeys;
    private final int longestProjectKey;

    public IssueKeyMatcher(Set<String> projectKeys) {
        this.projectKeys = projectKeys.stream()
                .map(key -> key.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.longestProjectKey = this.projectKeys.stream().mapToInt(String::length).max().orElse(0);
    }

    /** The keys an upper-case mention of which is in {@code text}, in order of first appearance. */
    public Set<String> inMessage(CharSequence text) {
        return find(text, false);
    }

    /** The keys in a branch name, matched in any case and returned in upper case. */
    public Set<String> inBranchName(String name) {
        return find(name, true);
    }

    /**
     * The keys of a pull request: those of its title, then its description, then its source branch, in order of
     * first appearance and at most {@value #MAX_KEYS} in all. Each of the three may be {@code null}.
     */
    public Set<String> inPullRequest(String title, String description, String sourceBranch) {
        Set<String> keys = new LinkedHashSet<>();
        for (Set<String> found : List.of(find(title, false), find(description, false), find(sourceBranch, true))) {
            for (String key : found) {
                if (keys.size() == MAX_KEYS) {
                    return keys;
                }
                keys.add(key);
            }
        }
        return keys;
    }

    private Set<String> find(CharSequence text, boolean anyCase) {
        if (text == null || longestProjectKey == 0) {
            return Set.of();
        }
        Set<String> found = null;
        // Keys start in the first MAX_TEXT characters; one that starts there is read to its end, and a little more
        // shows that a project or number is too long to be a key.
        int starts = Math.min(text.length(), MAX_TEXT);
        int length = Math.min(text.length(), MAX_TEXT + longestProjectKey + MAX_NUMBER_DIGITS + 2);
        int i = 0;
        while (i < starts && (found == null || found.size() < MAX_KEYS)) {
            if (!isLetter(text.charAt(i), anyCase) || !boundedBefore(text, i, anyCase)) {
                i++;
                continue;
            }
            // Every position skipped below follows a letter, digit or '_', so none can start a key; a position after
            // a '-' is not skipped.
            int start = i;
            int dash = i + 1;
            while (dash < length && isProjectCharacter(text.charAt(dash), anyCase)) {
                dash++;
            }
            if (dash >= length || text.charAt(dash) != '-') {
                i = dash;
                continue;
            }
            int numberStart = dash + 1;
            if (numberStart >= length || text.charAt(numberStart) < '1' || text.charAt(numberStart) > '9') {
                i = numberStart;
                continue;
            }
            int end = numberStart + 1;
            while (end < length && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            i = end;
            if (end - numberStart > MAX_NUMBER_DIGITS || dash - start > longestProjectKey || !boundedAfter(text, end)) {
                continue;
            }
            String project = text.subSequence(start, dash).toString();
            if (anyCase) {
                project = project.toUpperCase(Locale.ROOT);
            }
            if (projectKeys.contains(project)) {
                if (found == null) {
                    found = new LinkedHashSet<>();
                }
                found.add(project + text.subSequence(dash, end));
            }
        }
        return found == null ? Set.of() : found;
    }

    private static boolean isLetter(char c, boolean anyCase) {
        return (c >= 'A' && c <= 'Z') || (anyCase && c >= 'a' && c <= 'z');
    }

    private static boolean isProjectCharacter(char c, boolean anyCase) {
        return isLetter(c, anyCase) || (c >= '0' && c <= '9') || c == '_';
    }

    /** In branch names {@code -} separates words ({@code feature-abc-12}); in texts it may join a longer token. */
    private static boolean boundedBefore(CharSequence text, int index, boolean branchName) {
        if (index == 0) {
            return true;
        }
        int before = Character.codePointBefore(text, index);
        return !Character.isLetterOrDigit(before) && before != '_' && (branchName || before != '-');
    }

    private static boolean boundedAfter(CharSequence text, int index) {
        return index >= text.length() || !Character.isLetterOrDigit(Character.codePointAt(text, index));
    }
}
