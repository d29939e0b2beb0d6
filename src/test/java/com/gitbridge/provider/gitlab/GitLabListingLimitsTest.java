package com.gitbridge.provider.gitlab;

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

/** A GitLab host whose totals promise pages without end: every listing stops at its limits, in bounded time. */
class GitLabListingLimitsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private static final String PROJECTS = "/api/v4/projects";
    private static final String BRANCHES = "/api/v4/projects/acme%2Fapp/repository/branches";
    private static final String MERGE_REQUESTS = "/api/v4/projects/acme%2Fapp/merge_requests";

    @Test
    void anEndlessRepositoryListingFailsAfterItsPages() {
        endless(PROJECTS, project(1));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(30, 50_000, Duration.ofMinutes(1))).listRepositories(null));

        assertThat(failure).hasMessage("GitLab listed more than 30 pages of repositories");
        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        wm.verify(30, getRequestedFor(urlPathEqualTo(PROJECTS)));
    }

    @Test
    void aBranchListingOverTheItemLimitFails() {
        endless(BRANCHES, branch("main") + "," + branch("develop"));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 5, Duration.ofMinutes(1))).listBranches("acme/app"));

        assertThat(failure).hasMessage("GitLab listed more than 5 branches of acme/app");
        wm.verify(3, getRequestedFor(urlPathEqualTo(BRANCHES)));
    }

    @Test
    void aSlowEndlessListingFailsAtItsDeadlineAsATimeout() {
        wm.stubFor(get(urlPathEqualTo(PROJECTS)).willReturn(page(project(1)).withFixedDelay(200)));
        long started = System.nanoTime();

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 50_000, Duration.ofSeconds(1))).listRepositories(null));

        assertThat(failure).hasMessage("GitLab did not finish listing repositories within 1 second");
        assertThat(failure.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEndlessMergeRequestListingEndsAtItsLimitWithTheNewestRead() {
        endless(MERGE_REQUESTS, mergeRequest(15, "2024-05-05T10:00:00.000Z") + ","
                + mergeRequest(14, "2024-05-04T10:00:00.000Z"));

        List<HostPullRequestDetails> requests = provider(new ListingLimits(4, 50_000, Duration.ofMinutes(1)))
                .listPullRequests("acme/app", Instant.parse("2024-01-01T00:00:00Z"));

        assertThat(requests).hasSize(8);
        wm.verify(4, getRequestedFor(urlPathEqualTo(MERGE_REQUESTS)));
    }

    // --- helpers ---

    private GitProvider provider(ListingLimits limits) {
        return new GitLabProviderFactory(TIMEOUTS, TestOutbound.ALLOW_LOCAL, limits)
                .connect(HostEndpoint.of(ProviderType.GITLAB, wm.baseUrl(), null), new Credential.Token("glpat-test"));
    }

    /** Every page of {@code path} holds {@code items}, and the totals say there are ever so many more. */
    private static void endless(String path, String items) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(page(items)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(String items) {
        return okJson("[" + items + "]").withHeader("X-Per-Page", "100")
                .withHeader("X-Total", String.valueOf(Integer.MAX_VALUE))
                .withHeader("X-Total-Pages", String.valueOf(Integer.MAX_VALUE));
    }

    private static String project(int id) {
        return """
                {"id": %1$d, "name": "app-%1$d", "path_with_namespace": "acme/app-%1$d", "default_branch": "main",
                 "web_url": "https://gitlab.example/acme/app-%1$d",
                 "http_url_to_repo": "https://gitlab.example/acme/app-%1$d.git"}""".formatted(id);
    }

    private static String branch(String name) {
        return "{\"name\": \"" + name + "\", \"commit\": {\"id\": \"" + "a".repeat(40) + "\"},"
                + " \"web_url\": \"https://gitlab.example/acme/app/-/tree/" + name + "\"}";
    }

    private static String mergeRequest(int iid, String updatedAt) {
        return """
                {"id": %1$d, "iid": %1$d, "project_id": 7, "title": "ABC-%1$d", "description": null,
                 "state": "opened", "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "%2$s",
                 "source_branch": "feature", "target_branch": "main", "author": {"id": 1, "username": "alice"},
                 "web_url": "https://gitlab.example/acme/app/-/merge_requests/%1$d"}""".formatted(iid, updatedAt);
    }
}
