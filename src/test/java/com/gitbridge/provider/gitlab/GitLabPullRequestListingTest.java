package com.gitbridge.provider.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * {@code listPullRequests} on both GitLab types: GET /projects/:id/merge_requests, most recently updated first.
 * GitLab self-managed answers under the sub-path {@code /gitlab}.
 */
class GitLabPullRequestListingTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("glpat-", "integration-account-0001");
    private static final String REPO = "acme/platform/web-app";
    private static final String REPO_IN_URL = "acme%2Fplatform%2Fweb%2Dapp";

    private final GitLabProviderFactory factory =
            new GitLabProviderFactory(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                    TestOutbound.ALLOW_LOCAL);

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listPullRequestsReadsEveryPageInEveryStateAndReturnsThemOldestFirst(ProviderType type) {
        stubPage(type, 1, "2",
                mergeRequest(15, "opened", "2024-05-05T10:00:00.000Z", "alice", "\"Fixes ABC-15\""),
                mergeRequest(14, "merged", "2024-05-04T10:00:00.000Z", "bob", "null"));
        stubPage(type, 2, "3",
                mergeRequest(13, "closed", "2024-05-03T10:00:00.000Z", "carol", "null"),
                mergeRequest(12, "locked", "2024-05-02T10:00:00.000Z", null, "null"));
        stubPage(type, 3, "",
                mergeRequest(2, "opened", "2024-04-01T10:00:00.000Z", "alice", "null"));

        List<HostPullRequestDetails> requests = provider(type).listPullRequests(REPO, null);

        assertThat(requests).extracting(HostPullRequestDetails::id).containsExactly("2", "12", "13", "14", "15");
        assertThat(requests).extracting(HostPullRequestDetails::state)
                .containsExactly("OPEN", "CLOSED", "CLOSED", "MERGED", "OPEN");
        assertThat(requests.get(4)).isEqualTo(new HostPullRequestDetails("15", "!15", "ABC-15 title", "Fixes ABC-15",
                "OPEN", "https://gitlab.example/" + REPO + "/-/merge_requests/15", "feature/ABC-15", "main", "alice",
                Instant.parse("2024-05-05T10:00:00Z"), 30, null));
        assertThat(requests).extracting(HostPullRequestDetails::commentCount).containsExactly(4, 24, 26, 28, 30);
        assertThat(requests).as("reviewers are listed without their approvals")
                .allMatch(request -> request.reviewers() == null);
        wm.verify(0, getRequestedFor(urlPathMatching(".*/merge_requests/[0-9]+/.*")));
        assertThat(requests.get(1).author()).isNull();
        assertThat(requests.get(1).description()).isNull();
        for (int page = 1; page <= 3; page++) {
            wm.verify(1, pageRequested(type, page)
                    .withQueryParam("state", equalTo("all"))
                    .withQueryParam("order_by", equalTo("updated_at"))
                    .withQueryParam("sort", equalTo("desc"))
                    .withQueryParam("per_page", equalTo("100"))
                    .withQueryParam("updated_after", absent())
                    .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        }
        wm.verify(3, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listPullRequestsSendsTheCursorAndStopsPagingAtThePageThatGoesOlder(ProviderType type) {
        // As a server that ignored updated_after would answer: the second page reaches past the cursor.
        stubPage(type, 1, "2",
                mergeRequest(15, "opened", "2024-05-05T10:00:00.000Z", "alice", "null"),
                mergeRequest(14, "merged", "2024-05-04T10:00:00.000Z", "bob", "null"));
        stubPage(type, 2, "3",
                mergeRequest(13, "closed", "2024-05-03T10:00:00.000Z", "carol", "null"),
                mergeRequest(12, "opened", "2024-05-02T10:00:00.000Z", "dave", "null"));
        stubPage(type, 3, "",
                mergeRequest(2, "opened", "2024-04-01T10:00:00.000Z", "alice", "null"));

        List<HostPullRequestDetails> requests =
                provider(type).listPullRequests(REPO, Instant.parse("2024-05-03T10:00:00Z"));

        assertThat(requests).extracting(HostPullRequestDetails::id).containsExactly("13", "14", "15");
        wm.verify(1, pageRequested(type, 1).withQueryParam("updated_after", equalTo("2024-05-03T10:00:00Z")));
        wm.verify(1, pageRequested(type, 2).withQueryParam("updated_after", equalTo("2024-05-03T10:00:00Z")));
        wm.verify(0, pageRequested(type, 3));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listPullRequestsReportsCredentialRejectedOn401(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(mergeRequestsPath(type))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"401 Unauthorized\"}")));

        ProviderException e = failure(type);

        assertThat(e.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(e.getMessage()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listPullRequestsReportsRateLimitedWithRetryAfterWhenALaterPageIsRefused(ProviderType type) {
        stubPage(type, 1, "2", mergeRequest(15, "opened", "2024-05-05T10:00:00.000Z", "alice", "null"));
        wm.stubFor(page(type, 2).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        ProviderException e = failure(type);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        wm.verify(1, pageRequested(type, 2));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listPullRequestsReportsNotFoundForAMissingProject(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(mergeRequestsPath(type))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"404 Project Not Found\"}")));

        assertThat(failure(type).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    // --- helpers ---

    private GitProvider provider(ProviderType type) {
        return factory.connect(HostEndpoint.of(type, wm.baseUrl() + prefix(type), null), new Credential.Token(TOKEN));
    }

    private ProviderException failure(ProviderType type) {
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider(type).listPullRequests(REPO, null));
        assertThat(e).as("a ProviderException").isNotNull();
        return e;
    }

    private static String prefix(ProviderType type) {
        return type == ProviderType.GITLAB_SELF_MANAGED ? "/gitlab" : "";
    }

    private static String mergeRequestsPath(ProviderType type) {
        return prefix(type) + "/api/v4/projects/" + REPO_IN_URL + "/merge_requests";
    }

    private static MappingBuilder page(ProviderType type, int page) {
        return get(urlPathEqualTo(mergeRequestsPath(type))).withQueryParam("page", equalTo(String.valueOf(page)));
    }

    private static RequestPatternBuilder pageRequested(ProviderType type, int page) {
        return getRequestedFor(urlPathEqualTo(mergeRequestsPath(type)))
                .withQueryParam("page", equalTo(String.valueOf(page)));
    }

    /** Like GitLab.com for large result sets: no X-Total / X-Total-Pages, only X-Next-Page. */
    private static void stubPage(ProviderType type, int page, String nextPage, String... mergeRequests) {
        wm.stubFor(page(type, page).willReturn(okJson("[" + String.join(",", mergeRequests) + "]")
                .withHeader("X-Per-Page", "100").withHeader("X-Page", String.valueOf(page))
                .withHeader("X-Next-Page", nextPage)));
    }

    /** A merge request as the list endpoint gives it; {@code author} null where GitLab sends none. */
    private static String mergeRequest(int iid, String state, String updatedAt, String author, String description) {
        return """
                {"id": %d, "iid": %d, "project_id": 7, "title": "ABC-%d title", "description": %s, "state": "%s",
                 "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "%s",
                 "source_branch": "feature/ABC-%d", "target_branch": "main", "author": %s,
                 "user_notes_count": %d, "reviewers": [{"id": 3, "username": "rita", "name": "Rita Reviewer"}],
                 "web_url": "https://gitlab.example/%s/-/merge_requests/%d"}"""
                .formatted(900 + iid, iid, iid, description, state, updatedAt, iid,
                        author == null ? "null" : "{\"id\": 1, \"username\": \"" + author + "\"}", iid * 2, REPO,
                        iid);
    }
}
