package com.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostLinksTest {

    private static final String CODECOMMIT =
            "https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/payments/browse?region=eu-west-1";

    @Test
    void gitHubComparesTheBranchWithTheDefaultBranch() {
        assertThat(HostLinks.createPullRequest(ProviderType.GITHUB, "https://github.com/acme/web", "feature/ABC-1 ü#?", "main"))
                .isEqualTo("https://github.com/acme/web/compare/main...feature/ABC-1%20%C3%BC%23%3F?expand=1");
        assertThat(HostLinks.createPullRequest(ProviderType.GITHUB_ENTERPRISE, "https://ghe.example/acme/web", "abc-1", null))
                .isEqualTo("https://ghe.example/acme/web/pull/new/abc-1");
    }

    @Test
    void gitLabOpensANewMergeRequestFromTheBranch() {
        assertThat(HostLinks.createPullRequest(ProviderType.GITLAB_SELF_MANAGED, "https://gitlab.example/group/api",
                "feature/ABC-1&x=y", "main"))
                .isEqualTo("https://gitlab.example/group/api/-/merge_requests/new?merge_request%5Bsource_branch%5D="
                        + "feature%2FABC-1%26x%3Dy");
    }

    @Test
    void azureOpensThePullRequestCreationPage() {
        assertThat(HostLinks.createPullRequest(ProviderType.AZURE_DEVOPS, "https://dev.azure.com/org/Proj/_git/web",
                "feature/ABC-1", "main"))
                .isEqualTo("https://dev.azure.com/org/Proj/_git/web/pullrequestcreate?sourceRef=feature%2FABC-1");
    }

    @Test
    void codeCommitOpensTheConsolesComparisonOrNothingWithoutADefaultBranch() {
        assertThat(HostLinks.createPullRequest(ProviderType.AWS_CODECOMMIT, CODECOMMIT, "abc-1 x", "main"))
                .isEqualTo("https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/payments/"
                        + "pull-requests/new/refs/heads/main/.../refs/heads/abc-1%20x?region=eu-west-1");
        assertThat(HostLinks.createPullRequest(ProviderType.AWS_CODECOMMIT, CODECOMMIT, "abc-1", null)).isNull();
    }

    @Test
    void pullRequestNumbersAreWrittenAsTheirHostWritesThem() {
        assertThat(HostLinks.pullRequestDisplayId(ProviderType.GITHUB, "42")).isEqualTo("#42");
        assertThat(HostLinks.pullRequestDisplayId(ProviderType.AWS_CODECOMMIT, "42")).isEqualTo("#42");
        assertThat(HostLinks.pullRequestDisplayId(ProviderType.GITLAB, "42")).isEqualTo("!42");
        assertThat(HostLinks.pullRequestDisplayId(ProviderType.TFS, "42")).isEqualTo("!42");
    }
}
