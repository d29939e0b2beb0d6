package com.gitbridge.provider.github;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.time.Duration;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.PullRequestDraft;
import com.gitbridge.testing.canary.Canary;
import com.gitbridge.testing.hosts.RedirectingHost;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A redirect from GitHub Enterprise is never followed, not by the HTTP client nor by github-api (which follows
 * redirects itself): the call fails and the redirect's target, an internal address, is never contacted.
 */
class GitHubRedirectTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("ghp_", "redirectedToken0000000000000");

    private static final String REDIRECTS = "com.gitbridge.testing.hosts.RedirectingHost#redirects";

    private final RedirectingHost host = new RedirectingHost(wm);
    private final GitProvider provider = new GitHubProviderFactory(
            new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)))
            .connect(HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, wm.baseUrl(), null), new Credential.Token(TOKEN));

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void checkingTheCredentialFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(provider::validate, TOKEN);
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void listingRepositoriesFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider.listRepositories(null), TOKEN);
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void creatingABranchFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider.createBranch("acme/web", "abc-1-fix", "main"), TOKEN);
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void creatingAPullRequestFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider.createPullRequest("acme/web",
                new PullRequestDraft("abc-1-fix", "main", "ABC-1 Fix", "")), TOKEN);
    }
}
