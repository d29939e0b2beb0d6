package com.gitbridge.provider.codecommit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.PullRequestDraft;
import com.gitbridge.testing.hosts.RedirectingHost;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A redirect from the AWS endpoint (here the endpoint override, as AWS's own endpoints cannot be stood in for) is
 * never followed: the SDK's Apache client has redirect handling off, so the call fails and the redirect's target,
 * an internal address, is never contacted. CodeCommit and STS calls are all {@code POST /}.
 */
class CodeCommitRedirectTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String REDIRECTS = "com.gitbridge.testing.hosts.RedirectingHost#redirects";

    private final RedirectingHost host = new RedirectingHost(wm);
    private final CodeCommitProviderFactory factory = AwsStubs.factory(wm);
    private final GitProvider provider = factory.connect(AwsStubs.ENDPOINT, AwsStubs.ALICE);

    @AfterEach
    void closeFactory() {
        factory.close();
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void checkingTheCredentialFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(provider::validate, AwsStubs.ALICE.secretAccessKey());
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void listingRepositoriesFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider.listRepositories(null), AwsStubs.ALICE.secretAccessKey());
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void creatingABranchFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider.createBranch("web", "abc-1-fix", "main"),
                AwsStubs.ALICE.secretAccessKey());
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void creatingAPullRequestFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider.createPullRequest("web",
                new PullRequestDraft("abc-1-fix", "main", "ABC-1 Fix", "")), AwsStubs.ALICE.secretAccessKey());
    }
}
