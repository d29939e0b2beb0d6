package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.PullRequestDraft;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every adapter must do when its host answers with a redirect: fail every call with a {@code ProviderException}
 * that holds no secret, and never contact the redirect's target (an internal address). One subclass per host family
 * says how to connect to the redirecting host {@link #wm}.
 */
public abstract class RedirectRefusalTests {

    @RegisterExtension
    protected static final WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String REDIRECTS = "com.gitbridge.testing.hosts.RedirectingHost#redirects";

    private final RedirectingHost host = new RedirectingHost(wm);

    /** The adapter under test, connected to {@link #wm}. */
    protected abstract GitProvider provider();

    /** The secret the provider sends: it must appear in no failure. */
    protected abstract String secret();

    /** A repository id in this host's form. */
    protected abstract String repository();

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void checkingTheCredentialFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider().validate(), secret());
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void listingRepositoriesFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider().listRepositories(null), secret());
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void creatingABranchFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider().createBranch(repository(), "abc-1-fix", "main"), secret());
    }

    @ParameterizedTest(name = "{0} to the same host name: {1}")
    @MethodSource(REDIRECTS)
    void creatingAPullRequestFailsWithoutFollowing(int status, boolean sameHostName) {
        host.redirectEverything(status, sameHostName);

        host.assertRefusedWithoutFollowing(() -> provider().createPullRequest(repository(),
                new PullRequestDraft("abc-1-fix", "main", "ABC-1 Fix", "")), secret());
    }
}
