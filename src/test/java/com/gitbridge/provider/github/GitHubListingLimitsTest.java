package com.gitbridge.provider.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.gitbridge.provider.Credential;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ListingLimitExceeded;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A GitHub host that lists without end: every listing stops at its limits, in bounded time. */
class GitHubListingLimitsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void anEndlessRepositoryListingFailsAfterTheDefaultThousandPages() {
        wm.stubFor(get(urlPathEqualTo("/user")).willReturn(okJson("{\"login\":\"bot\",\"id\":1}")));
        endless("/user/repos", repository(1));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(ListingLimits.DEFAULTS).listRepositories(null));

        assertThat(failure).hasMessage("GitHub.com listed more than 1,000 pages of repositories");
        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        wm.verify(1_000, getRequestedFor(urlPathEqualTo("/user/repos")));
    }

    @Test
    void aRepositoryListingOverTheItemLimitFails() {
        wm.stubFor(get(urlPathEqualTo("/user")).willReturn(okJson("{\"login\":\"bot\",\"id\":1}")));
        endless("/user/repos", IntStream.rangeClosed(1, 3).mapToObj(GitHubListingLimitsTest::repository)
                .collect(Collectors.joining(",")));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(100, 7, Duration.ofMinutes(1))).listRepositories(null));

        assertThat(failure).hasMessage("GitHub.com listed more than 7 repositories");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/user/repos")));
    }

    @Test
    void aSlowEndlessListingFailsAtItsDeadlineAsATimeout() {
        wm.stubFor(get(urlPathEqualTo("/user")).willReturn(okJson("{\"login\":\"bot\",\"id\":1}")));
        wm.stubFor(get(urlPathEqualTo("/user/repos")).willReturn(okJson("[" + repository(1) + "]")
                .withHeader("Link", "<" + wm.baseUrl() + "/user/repos?page=2>; rel=\"next\"")
                .withFixedDelay(200)));
        long started = System.nanoTime();

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 50_000, Duration.ofSeconds(1))).listRepositories(null));

        assertThat(failure).hasMessage("GitHub.com did not finish listing repositories within 1 second");
        assertThat(failure.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEndlessBranchListingFails() {
        stubRepository();
        endless("/repos/acme/app/branches", "{\"name\":\"main\",\"commit\":{\"sha\":\"" + "a".repeat(40) + "\"}}");

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(20, 50_000, Duration.ofMinutes(1))).listBranches("acme/app"));

        assertThat(failure).hasMessage("GitHub.com listed more than 20 pages of branches of acme/app");
        wm.verify(20, getRequestedFor(urlPathEqualTo("/repos/acme/app/branches")));
    }

    /**
     * Pull requests are listed from a cursor on: what a listing cut short leaves out is never deleted, and failing
     * would list the same pages again on every poll, so the newest read are kept.
     */
    @Test
    void anEndlessPullRequestListingEndsAtItsLimitWithTheNewestRead() {
        stubRepository();
        endless("/repos/acme/app/pulls", pull(7, "2024-05-05T10:00:00Z") + "," + pull(6, "2024-05-04T10:00:00Z"));

        List<HostPullRequestDetails> pulls = provider(new ListingLimits(5, 50_000, Duration.ofMinutes(1)))
                .listPullRequests("acme/app", Instant.parse("2024-01-01T00:00:00Z"));

        assertThat(pulls).hasSize(10);
        wm.verify(5, getRequestedFor(urlPathEqualTo("/repos/acme/app/pulls")));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private GitProvider provider(ListingLimits limits) {
        return new GitHubProviderFactory(TIMEOUTS, TestOutbound.ALLOW_LOCAL, limits)
                .connect(HostEndpoint.of(ProviderType.GITHUB, wm.baseUrl(), null), new Credential.Token("ghp_test"));
    }

    /** Every page of {@code path} holds {@code items} and links to a next page on the same host. */
    private static void endless(String path, String items) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("[" + items + "]")
                .withHeader("Link", "<" + wm.baseUrl() + path + "?page=2>; rel=\"next\"")));
    }

    private static void stubRepository() {
        wm.stubFor(get(urlPathEqualTo("/repos/acme/app")).willReturn(okJson("""
                {"id":1,"name":"app","full_name":"acme/app","default_branch":"main",
                 "html_url":"https://github.example/acme/app","clone_url":"https://github.example/acme/app.git"}""")));
    }

    private static String repository(int number) {
        return """
                {"id":%1$d,"name":"app-%1$d","full_name":"acme/app-%1$d","default_branch":"main",
                 "html_url":"https://github.example/acme/app-%1$d","clone_url":"https://github.example/acme/app-%1$d.git"}"""
                .formatted(number);
    }

    private static String pull(int number, String updatedAt) {
        return """
                {"number":%1$d,"state":"open","title":"ABC-%1$d","body":null,
                 "html_url":"https://github.example/acme/app/pull/%1$d",
                 "created_at":"2024-01-01T00:00:00Z","updated_at":"%2$s","merged_at":null,
                 "user":{"login":"alice","id":1},
                 "head":{"ref":"feature","sha":"abc"},"base":{"ref":"main","sha":"def"}}"""
                .formatted(number, updatedAt);
    }
}
