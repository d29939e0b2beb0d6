package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class IssueKeyMatcherTest {

    private final IssueKeyMatcher matcher = new IssueKeyMatcher(Set.of("ABC", "CORE", "WEB2", "MY_PROJ"));

    @Test
    void findsSeveralKeysInOrderOfAppearance() {
        assertThat(matcher.inMessage("""
                CORE-7 ABC-12: retry webhook delivery on 502

                Also closes ABC-3 and WEB2-1001, see ABC-12 above.
                """)).containsExactly("CORE-7", "ABC-12", "ABC-3", "WEB2-1001");
    }

    @Test
    void linksALowerCaseBranchNameToTheUpperCaseKeyJiraKnows() {
        IssueKeyMatcher proj = new IssueKeyMatcher(Set.of("proj"));

        assertThat(proj.inBranchName("proj-1-fix-login")).containsExactly("PROJ-1");
        assertThat(proj.inPullRequest("Fix login", null, "proj-1-fix-login")).containsExactly("PROJ-1");
        assertThat(proj.inMessage("proj-1 fix login")).isEmpty();
    }

    @Test
    void ignoresLowerAndMixedCaseLookalikesInMessages() {
        assertThat(matcher.inMessage("bump abc-1 to abc-2, Abc-3 and aBC-4; see core-7")).isEmpty();
    }

    @Test
    void findsKeysInsideUrls() {
        assertThat(matcher.inMessage("Fixes https://acme.atlassian.net/browse/ABC-12 and "
                + "https://acme.atlassian.net/jira/software/projects/CORE/boards/1?selectedIssue=CORE-99#x"))
                .containsExactly("ABC-12", "CORE-99");
    }

    @Test
    void takesNoKeyFromALowerCaseBranchInAMergeMessage() {
        assertThat(matcher.inMessage("Merge branch 'abc-1-fix-login' into main")).isEmpty();
        assertThat(matcher.inMessage("Merge pull request #42 from acme/ABC-1-fix-login\n\nABC-1 Fix login"))
                .containsExactly("ABC-1");
    }

    @Test
    void findsKeysAmongNonAsciiText() {
        assertThat(matcher.inMessage("Größenänderung für ABC-5 — ça marche enfin ✅ (CORE-6)；日本語 WEB2-7。"))
                .containsExactly("ABC-5", "CORE-6", "WEB2-7");
    }

    @Test
    void requiresABoundaryBeforeAndAfterTheKey() {
        assertThat(matcher.inMessage("XABC-1 1ABC-2 _ABC-3 -ABC-4 ÄABC-5 ABC-6b ABC-7é ABC-8_ok ABC-9."))
                .containsExactly("ABC-8", "ABC-9");
        assertThat(matcher.inMessage("ABC-DEF-12 ABC-1-2")).containsExactly("ABC-1");
    }

    @Test
    void acceptsOnlyNumbersWithoutLeadingZero() {
        assertThat(matcher.inMessage("ABC-0 ABC-01 ABC- ABC-10 ABC-1234567890123456789")).containsExactly("ABC-10");
    }

    @Test
    void ignoresKeysOfProjectsTheSiteDoesNotHave() {
        assertThat(matcher.inMessage("UTF-8 handling, ISO-8601 dates, SHA-256 sums, JIRA-1 and ABC-1"))
                .containsExactly("ABC-1");
    }

    @Test
    void acceptsProjectKeysWithDigitsAndUnderscores() {
        assertThat(matcher.inMessage("WEB2-5 and MY_PROJ-6")).containsExactly("WEB2-5", "MY_PROJ-6");
    }

    @Test
    void findsKeysAtTheVeryStartAndEnd() {
        assertThat(matcher.inMessage("ABC-1")).containsExactly("ABC-1");
        assertThat(matcher.inMessage("[ABC-1]")).containsExactly("ABC-1");
        assertThat(matcher.inMessage("")).isEmpty();
    }

    @Test
    void reportsEachKeyOnce() {
        assertThat(matcher.inMessage("ABC-1 ABC-1 ABC-1")).containsExactly("ABC-1");
    }

    @Test
    void matchesBranchNamesInAnyCaseAndReturnsUpperCaseKeys() {
        assertThat(matcher.inBranchName("abc-1-fix-login")).containsExactly("ABC-1");
        assertThat(matcher.inBranchName("feature/Core-7_webhooks")).containsExactly("CORE-7");
        assertThat(matcher.inBranchName("bugfix/ABC-3+abc-4")).containsExactly("ABC-3", "ABC-4");
        assertThat(matcher.inBranchName("release-2.1")).isEmpty();
        assertThat(matcher.inBranchName("xabc-1")).isEmpty();
        // In branch names '-' separates words, so a key may follow one; in messages it may not (ABC-DEF-1 prose).
        assertThat(matcher.inBranchName("feature-abc-1")).containsExactly("ABC-1");
        assertThat(matcher.inBranchName("feature-abc-12-core-3-login")).containsExactly("ABC-12", "CORE-3");
        assertThat(matcher.inMessage("feature-ABC-1")).isEmpty();
    }

    @Test
    void acceptsProjectKeysGivenInAnyCase() {
        assertThat(new IssueKeyMatcher(Set.of("abc")).inMessage("ABC-1")).containsExactly("ABC-1");
    }

    @Test
    void findsNothingWithoutProjects() {
        assertThat(new IssueKeyMatcher(Set.of()).inMessage("ABC-1")).isEmpty();
    }

    @Test
    void scansALongMessageInLinearTime() {
        // Within the part of a text that is read, so that the key after the hostile runs still counts.
        String hostile = "A".repeat(30_000) + "-" + "1".repeat(30_000) + "x ABC-1";
        long start = System.nanoTime();
        Set<String> keys = matcher.inMessage(hostile);
        assertThat(keys).containsExactly("ABC-1");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void keepsTheFirstHundredKeysOfATextThatNamesAHundredThousand() {
        String text = IntStream.rangeClosed(1, 100_000).mapToObj(i -> "ABC-" + i).collect(Collectors.joining(" "));

        assertThat(matcher.inMessage(text)).containsExactlyElementsOf(keys(1, 100));
    }

    @Test
    void readsKeysThatStartInTheFirst64KilobytesOfAText() {
        int max = IssueKeyMatcher.MAX_TEXT;

        assertThat(matcher.inMessage(at(max, "CORE-2"))).as("starting past the part read").containsExactly("ABC-1");
        assertThat(matcher.inMessage(at(max - 2, "CORE-2"))).as("across its end").containsExactly("ABC-1", "CORE-2");
        assertThat(matcher.inMessage(at(max - 6, "CORE-23"))).as("its number across the end")
                .containsExactly("ABC-1", "CORE-23");
        assertThat(matcher.inMessage(at(max - 6, "CORE-2" + "3".repeat(30)))).containsExactly("ABC-1");
    }

    @Test
    void aPullRequestGivesAtMostAHundredKeysFromTitleDescriptionAndBranchTogether() {
        String title = "CORE-1 " + IntStream.rangeClosed(1, 60).mapToObj(i -> "ABC-" + i).collect(Collectors.joining(" "));
        String description = IntStream.rangeClosed(50, 120).mapToObj(i -> "ABC-" + i).collect(Collectors.joining(", "));

        Set<String> keys = matcher.inPullRequest(title, description, "web2-5-fix");

        assertThat(keys).hasSize(IssueKeyMatcher.MAX_KEYS).startsWith("CORE-1", "ABC-1").endsWith("ABC-99")
                .doesNotContain("WEB2-5");
        assertThat(matcher.inPullRequest("ABC-1 title", null, "core-2-branch")).containsExactly("ABC-1", "CORE-2");
    }

    /** "ABC-1 ", filler, a space, then {@code key} starting at index {@code index}. */
    private static String at(int index, String key) {
        return "ABC-1 " + "x".repeat(index - "ABC-1 ".length() - 1) + " " + key + " and more";
    }

    private static java.util.List<String> keys(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "ABC-" + i).toList();
    }
}
