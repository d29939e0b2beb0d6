package com.gitbridge.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.gitbridge.api.FieldErrors;
import com.gitbridge.issue.IssueActions.BranchRequest;
import com.gitbridge.issue.IssueActions.PullRequestRequest;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The constraints of branch and pull-request requests, with plain Bean Validation (no Spring). */
class IssueRequestConstraintsTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static Map<String, String> errors(Object request) {
        return FieldErrors.of(VALIDATOR.validate(request));
    }

    private static BranchRequest branch(String repository, String sourceBranch, String name) {
        return new BranchRequest("integration-1", repository, sourceBranch, name);
    }

    private static PullRequestRequest pullRequest(String sourceBranch, String targetBranch, String title) {
        return new PullRequestRequest("integration-1", "acme/web", sourceBranch, targetBranch, title, null);
    }

    @Test
    void gitRefNameSaysWhatGitWouldSay() {
        for (String name : List.of("a..b", "x.lock", "feature/x.lock", "-x", "has space", "til~de", "car^et", "co:lon",
                "que?ry", "st*r", "br[acket", "back\\slash", "a@{b", "@", "trailing/", "trailing.", ".hidden",
                "dir/.hidden", "a//b", "/lead", "nul\u0000", "del\u007f", "b".repeat(251))) {
            String problem = BranchNames.problem(name);
            assertThat(errors(branch("acme/web", "main", name))).as(name).isEqualTo(Map.of("name", problem));
            assertThat(errors(branch("acme/web", name, "abc-1"))).as(name).isEqualTo(Map.of("sourceBranch", problem));
        }
    }

    @Test
    void aMissingBranchIsAskedForAsTheFieldAsks() {
        assertThat(errors(branch("acme/web", null, ""))).isEqualTo(Map.of(
                "sourceBranch", "Choose a branch", "name", "Give the branch a name"));
        assertThat(errors(new BranchRequest(null, null, "main", "abc-1"))).isEqualTo(Map.of(
                "integrationId", "Required", "repository", "Choose a repository"));
    }

    @Test
    void validBranchNamesAndRepositoriesPass() {
        for (String name : List.of("abc-1", "feature/ABC-1-fix", "release/1.2", "a.b", "ünïcode", "x@y")) {
            assertThat(errors(branch("group/sub/project", "main", name))).as(name).isEmpty();
        }
        assertThat(errors(branch("r".repeat(300), "main", "abc-1"))).isEmpty();
    }

    @Test
    void repositoryIdsStayInsideTheirHost() {
        for (String repository : List.of("../etc/passwd", "acme/../admin", "acme%2Fweb", "/acme/web", "acme\\web",
                "acme/web\u0000", "acme/web\n", "r".repeat(301))) {
            assertThat(errors(branch(repository, "main", "abc-1"))).as(repository)
                    .isEqualTo(Map.of("repository", "Not a repository id"));
        }
        for (String blank : new String[] {null, "", "  ", "\t"}) {
            assertThat(errors(branch(blank, "main", "abc-1"))).as("[%s]", blank)
                    .isEqualTo(Map.of("repository", "Choose a repository"));
        }
    }

    @Test
    void aPullRequestMergesIntoAnotherBranch() {
        assertThat(errors(pullRequest("abc-1", "abc-1", "T"))).isEqualTo(Map.of(
                "targetBranch", "Choose a target branch other than the source branch"));
        assertThat(errors(pullRequest("abc-1", "main", "T"))).isEmpty();
        // Until the source branch is a name, that is the problem to fix; the same target is not named twice over.
        assertThat(errors(pullRequest("a..b", "a..b", "T"))).isEqualTo(Map.of(
                "sourceBranch", BranchNames.problem("a..b"), "targetBranch", BranchNames.problem("a..b")));
        assertThat(errors(pullRequest(null, null, "T"))).isEqualTo(Map.of(
                "sourceBranch", "Choose a branch", "targetBranch", "Choose a branch"));
    }

    @Test
    void theTitleIsCheckedWithoutTheSpacesAroundIt() {
        String message = "Give a title of at most 255 characters";
        assertThat(pullRequest("abc-1", "main", "  ABC-1 Fix  ").title()).isEqualTo("ABC-1 Fix");
        assertThat(errors(pullRequest("abc-1", "main", " " + "T".repeat(255) + " "))).isEmpty();
        assertThat(errors(pullRequest("abc-1", "main", "T".repeat(256)))).isEqualTo(Map.of("title", message));
        for (String title : new String[] {null, "", " \t\n "}) {
            assertThat(errors(pullRequest("abc-1", "main", title))).as("[%s]", title).isEqualTo(Map.of("title", message));
        }
    }

    @Test
    void theDescriptionMayBeLongButNotEndless() {
        assertThat(errors(new PullRequestRequest("i", "acme/web", "abc-1", "main", "T", "d".repeat(20_000)))).isEmpty();
        assertThat(errors(new PullRequestRequest("i", "acme/web", "abc-1", "main", "T", "d".repeat(20_001))))
                .isEqualTo(Map.of("description", "Use at most 20,000 characters"));
    }
}
