package com.gitbridge.issue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BranchNamesTest {

    @Test
    void suggestsKeyAndSummaryWordsInLowerCase() {
        assertThat(BranchNames.suggest("ABC-12", "Fix the login: it crashes on Safari!")).isEqualTo("abc-12-fix-the-login-it-crashes-on-safari");
    }

    @Test
    void foldsAccentsAndDropsOtherScripts() {
        assertThat(BranchNames.suggest("ET-3", "Crème brûlée für Ärzte 日本")).isEqualTo("et-3-creme-brulee-fur-arzte");
        assertThat(BranchNames.suggest("KEY-1", "日本語のみ")).isEqualTo("key-1");
    }

    @Test
    void keepsWithin250CharactersAtAWordBoundary() {
        String name = BranchNames.suggest("LONG-1", "word ".repeat(100));
        assertThat(name.length()).isLessThanOrEqualTo(250);
        assertThat(name).startsWith("long-1-word-").doesNotEndWith("-").endsWith("word");
        assertThat(BranchNames.problem(name)).isNull();
    }

    @Test
    void suggestionsAreAlwaysValidRefs() {
        for (String summary : new String[]{"..", "a..b", "x.lock", "-dash", "/slash/", "@{u}", "tab\there", "~^:?*[\\"}) {
            assertThat(BranchNames.problem(BranchNames.suggest("ABC-1", summary))).as(summary).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a..b", "ends.", "ends/", "/starts", "-starts", "a//b", "x.lock/y",
            "feature/.hidden", "what?", "star*", "co:lon", "tilde~1", "caret^", "open[", "back\\slash", "@", "a@{b", "ctl\u0001"})
    void refusesWhatGitRefuses(String name) {
        assertThat(BranchNames.problem(name)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "feature/ABC-1-login", "abc-1_fix.v2", "users/alice/ABC-1", "release-2026.11"})
    void acceptsWhatGitAccepts(String name) {
        assertThat(BranchNames.problem(name)).isNull();
    }

    @Test
    void refusesNamesLongerThan250() {
        assertThat(BranchNames.problem("a".repeat(251))).isNotNull();
        assertThat(BranchNames.problem("a".repeat(250))).isNull();
    }
}
