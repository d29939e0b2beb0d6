package com.gitbridge.provider.github;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code listPullRequests} on both GitHub types: GET /repos/{owner}/{repo}/pulls, most recently updated first. */
class GitHubPullRequestListingTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("ghp_", "integrationToken0000000000001");
    private static final String PULLS = "/repos/acme/app/pulls";

    private final GitHubProviderFactory factory =
            new GitHubProviderFactory(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                    TestOutbound.ALLOW_LOCAL);

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listPullRequestsReadsEveryPageInEveryStateAndReturnsThemOldestFirst(ProviderType type) {
        stubRepository(type);
        stubPage(type, 1, true,
                pull(7, "open", "2024-05-05T10:00:00Z", null, "alice", "\"Fixes ABC-7\""),
                pull(6, "closed", "2024-05-04T10:00:00Z", "2024-05-04T10:00:00Z", "bob", "null"));
        stubPage(type, 2, true,
                pull(5, "closed", "2024-05-03T10:00:00Z", null, "carol", "null"),
                pull(4, "open", "2024-05-02T10:00:00Z", null, null, "null"));
        stubPage(type, 3, false,
                pull(1, "open", "2024-04-01T10:00:00Z", null, "alice", "null"));

        List<HostPullRequestDetails> pulls = provider(type).listPullRequests("acme/app", null);

        assertThat(pulls).extracting(HostPullRequestDetails::id).containsExactly("1", "4", "5", "6", "7");
        assertThat(pulls).extracting(HostPullRequestDetails::state)
                .containsExactly("OPEN", "OPEN", "CLOSED", "MERGED", "OPEN");
        assertThat(pulls.get(4)).isEqualTo(new HostPullRequestDetails("7", "#7", "ABC-7 title", "Fixes ABC-7",
                "OPEN", "https://github.example/acme/app/pull/7", "feature/ABC-7", "main", "alice",
                Instant.parse("2024-05-05T10:00:00Z"), null, null));
        assertThat(pulls).as("the listing gives neither comment counts nor approvals")
                .allMatch(pull -> pull.commentCount() == null && pull.reviewers() == null);
        wm.verify(0, getRequestedFor(urlPathMatching(".*/pulls/[0-9]+(/.*)?")));
        assertThat(pulls.get(1).author()).as("a pull request of a deleted account").isNull();
        assertThat(pulls.get(1).description()).isNull();
        for (int page = 1; page <= 3; page++) {
            wm.verify(1, pullsRequested(type, page)
                    .withQueryParam("state", equalTo("all"))
                    .withQueryParam("sort", equalTo("updated"))
                    .withQueryParam("direction", equalTo("desc"))
                    .withQueryParam("per_page", equalTo("100"))
                    .withHeader("Authorization", equalTo("token " + TOKEN)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listPullRequestsStopsPagingAtThePageThatGoesOlderThanTheCursor(ProviderType type) {
        stubRepository(type);
        stubPage(type, 1, true,
                pull(7, "open", "2024-05-05T10:00:00Z", null, "alice", "null"),
                pull(6, "closed", "2024-05-04T10:00:00Z", "2024-05-04T10:00:00Z", "bob", "null"));
        stubPage(type, 2, true,
                pull(5, "closed", "2024-05-03T10:00:00Z", null, "carol", "null"),
                pull(4, "open", "2024-05-02T10:00:00Z", null, "dave", "null"));
        stubPage(type, 3, false,
                pull(1, "open", "2024-04-01T10:00:00Z", null, "alice", "null"));

        List<HostPullRequestDetails> pulls =
                provider(type).listPullRequests("acme/app", Instant.parse("2024-05-03T10:00:00Z"));

        assertThat(pulls).extracting(HostPullRequestDetails::id).containsExactly("5", "6", "7");
        wm.verify(1, pullsRequested(type, 1));
        wm.verify(1, pullsRequested(type, 2));
        wm.verify(0, pullsRequested(type, 3));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listPullRequestsReportsCredentialRejectedOn401(ProviderType type) {
        stubRepository(type);
        wm.stubFor(get(api(type, PULLS)).willReturn(error(401, "{\"message\":\"Bad credentials\"}")));

        ProviderException failure = failure(type);

        assertThat(failure.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(failure).hasMessageNotContaining(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listPullRequestsReportsRateLimitedWithRetryAfterWhenALaterPageIsRefused(ProviderType type) {
        stubRepository(type);
        stubPage(type, 1, true, pull(7, "open", "2024-05-05T10:00:00Z", null, "alice", "null"));
        wm.stubFor(page(type, 2).willReturn(error(429, "{\"message\":\"Too many requests\"}")
                .withHeader("Retry-After", "30")));

        ProviderException failure = failure(type);

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        wm.verify(1, pullsRequested(type, 2));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listPullRequestsReportsNotFoundForAMissingRepository(ProviderType type) {
        wm.stubFor(get(api(type, "/repos/acme/app")).willReturn(error(404, "{\"message\":\"Not Found\"}")));

        ProviderException failure = failure(type);

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(failure).hasMessageContaining("acme/app");
        wm.verify(0, getRequestedFor(api(type, PULLS)));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private GitProvider provider(ProviderType type) {
        return factory.connect(HostEndpoint.of(type, wm.baseUrl(), null), new Credential.Token(TOKEN));
    }

    private ProviderException failure(ProviderType type) {
        ProviderException failure = catchThrowableOfType(ProviderException.class,
                () -> provider(type).listPullRequests("acme/app", null));
        assertThat(failure).as("a ProviderException").isNotNull();
        return failure;
    }

    private static UrlPathPattern api(ProviderType type, String path) {
        return urlPathEqualTo(prefix(type) + path);
    }

    private static String prefix(ProviderType type) {
        return type == ProviderType.GITHUB_ENTERPRISE ? "/api/v3" : "";
    }

    /** The first page is the request github-api builds (no page parameter); later ones follow the Link header. */
    private static MappingBuilder page(ProviderType type, int page) {
        return get(api(type, PULLS)).withQueryParam("page", page == 1 ? absent() : equalTo(String.valueOf(page)));
    }

    private static RequestPatternBuilder pullsRequested(ProviderType type, int page) {
        return getRequestedFor(api(type, PULLS))
                .withQueryParam("page", page == 1 ? absent() : equalTo(String.valueOf(page)));
    }

    private static void stubPage(ProviderType type, int page, boolean hasNext, String... pulls) {
        ResponseDefinitionBuilder response = okJson("[" + String.join(",", pulls) + "]");
        if (hasNext) {
            response.withHeader("Link", "<" + wm.baseUrl() + prefix(type) + PULLS
                    + "?state=all&sort=updated&direction=desc&per_page=100&page=" + (page + 1) + ">; rel=\"next\"");
        }
        wm.stubFor(page(type, page).willReturn(response));
    }

    private static void stubRepository(ProviderType type) {
        wm.stubFor(get(api(type, "/repos/acme/app")).willReturn(okJson("""
                {"id":1,"name":"app","full_name":"acme/app","default_branch":"main",
                 "html_url":"https://github.example/acme/app","clone_url":"https://github.example/acme/app.git"}""")));
    }

    /** A pull request as the list endpoint gives it; {@code author} null for a deleted account, body as JSON. */
    private static String pull(int number, String state, String updatedAt, String mergedAt, String author,
                               String body) {
        return """
                {"number":%d,"state":"%s","title":"ABC-%d title","body":%s,
                 "html_url":"https://github.example/acme/app/pull/%d",
                 "created_at":"2024-01-01T00:00:00Z","updated_at":"%s","merged_at":%s,
                 "user":%s,
                 "head":{"ref":"feature/ABC-%d","sha":"abc%d"},"base":{"ref":"main","sha":"def456"}}"""
                .formatted(number, state, number, body, number, updatedAt,
                        mergedAt == null ? "null" : "\"" + mergedAt + "\"",
                        author == null ? "null" : "{\"login\":\"" + author + "\",\"id\":" + number + "}",
                        number, number);
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
