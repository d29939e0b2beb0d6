package com.gitbridge.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.HostReviewer;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderType;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * {@code listPullRequests} on the three Azure types: GET .../pullrequests paged by {@code $skip}. The host cannot sort
 * by update time, so every page is read whatever the cursor.
 */
class AzurePullRequestListingTest extends AzureWireMockTest {

    private static final Instant FILLER_START = Instant.parse("2024-01-01T00:00:00Z");

    @ForEachAzureType
    void listPullRequestsReadsEveryPageInEveryStateAndReturnsThemOldestFirst(ProviderType type) {
        stubRepository(type);
        // Azure lists the newest created first: 300 … 201, then 200 … 101, then the three oldest.
        stubPage(type, 0, fillers(300, 100));
        stubPage(type, 100, fillers(200, 100));
        stubPage(type, 200, List.of(
                pr(3, "completed", "2023-01-01T09:00:00.0000000Z", "\"2024-06-01T00:00:00.1234567Z\"",
                        "\"Fixes ABC-3\""),
                pr(2, "abandoned", "2023-01-02T09:00:00Z", "\"2023-02-01T00:00:00Z\"", "null"),
                pr(1, "active", "2023-01-03T09:00:00Z", "\"0001-01-01T00:00:00\"", null)));

        List<HostPullRequestDetails> pulls = connect(type).listPullRequests(REPO_ID, null);

        assertThat(pulls).hasSize(203);
        assertThat(pulls).extracting(HostPullRequestDetails::id).startsWith("1", "2", "101", "102").endsWith("300", "3");
        assertThat(pulls.get(0).state()).isEqualTo("OPEN");
        assertThat(pulls.get(0).updatedAt()).as("creation date, the closed date being a placeholder")
                .isEqualTo(Instant.parse("2023-01-03T09:00:00Z"));
        assertThat(pulls.get(0).description()).isNull();
        assertThat(pulls.get(1).state()).isEqualTo("CLOSED");
        assertThat(pulls.get(1).updatedAt()).isEqualTo(Instant.parse("2023-02-01T00:00:00Z"));
        assertThat(pulls.get(202)).isEqualTo(new HostPullRequestDetails("3", "!3", "ABC-3 title", "Fixes ABC-3",
                "MERGED", webUrl(type) + "/pullrequest/3", "feature/ABC-3", "main", "user3@fabrikam.example",
                Instant.parse("2024-06-01T00:00:00.1234567Z"), null, List.of(
                        new HostReviewer("Approver", "approver@fabrikam.example", true),
                        new HostReviewer("Suggester", "suggester@fabrikam.example", true),
                        new HostReviewer("Waiter", null, false),
                        new HostReviewer("Rejecter", "rejecter@fabrikam.example", false))));
        for (int skip : new int[] {0, 100, 200}) {
            wm.verify(1, pageRequested(type, skip)
                    .withQueryParam("searchCriteria.status", equalTo("all"))
                    .withQueryParam("$top", equalTo("100"))
                    .withQueryParam("api-version", equalTo(apiVersion(type)))
                    .withHeader("Authorization", equalTo(ALICE_AUTH)));
        }
        assertThat(wm.findAll(pageRequested(type, 0)).get(0).getUrl()).contains("$top=100&$skip=0&api-version=");
        wm.verify(0, pageRequested(type, 300));
    }

    @ForEachAzureType
    void listPullRequestsReadsEveryPageAndKeepsThoseCreatedOrClosedSinceTheCursor(ProviderType type) {
        stubRepository(type);
        stubPage(type, 0, fillers(300, 100));
        stubPage(type, 100, List.of(
                pr(5, "completed", "2023-01-01T00:00:00Z", "\"2024-05-03T10:00:00Z\"", "null"),
                pr(4, "abandoned", "2023-01-01T00:00:00Z", "\"2024-05-03T09:59:59Z\"", "null"),
                pr(3, "active", "2024-05-04T00:00:00Z", null, "null"),
                pr(2, "active", "2023-01-01T00:00:00Z", null, "null")));

        List<HostPullRequestDetails> pulls =
                connect(type).listPullRequests(REPO_ID, Instant.parse("2024-05-03T10:00:00Z"));

        assertThat(pulls).extracting(HostPullRequestDetails::id).containsExactly("5", "3");
        wm.verify(1, pageRequested(type, 0));
        wm.verify(1, pageRequested(type, 100));
    }

    @ForEachAzureType
    void listPullRequestsCountsAPullRequestSeenOnTwoPagesOnce(ProviderType type) {
        stubRepository(type);
        // One pull request created while paging pushes 201 from the end of the first page to the next.
        stubPage(type, 0, fillers(300, 100));
        stubPage(type, 100, fillers(201, 100));
        stubPage(type, 200, List.of());

        List<HostPullRequestDetails> pulls = connect(type).listPullRequests(REPO_ID, null);

        assertThat(pulls).hasSize(199);
        assertThat(pulls).extracting(HostPullRequestDetails::id).doesNotHaveDuplicates();
    }

    @ForEachAzureType
    void listPullRequestsReportsCredentialRejectedOn401(ProviderType type) {
        stubRepository(type);
        wm.stubFor(page(type, 0).willReturn(aResponse().withStatus(401)));

        ProviderException e = AzureProviderFailureTest.failure(() -> connect(type).listPullRequests(REPO_ID, null));

        assertThat(e.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(e.getMessage()).doesNotContain(ALICE_PAT);
    }

    @ForEachAzureType
    void listPullRequestsReportsRateLimitedWithRetryAfterWhenALaterPageIsRefused(ProviderType type) {
        stubRepository(type);
        stubPage(type, 0, fillers(300, 100));
        wm.stubFor(page(type, 100).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Request was blocked due to exceeding usage of resource.\"}")));

        ProviderException e = AzureProviderFailureTest.failure(() -> connect(type).listPullRequests(REPO_ID, null));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        wm.verify(1, pageRequested(type, 100));
    }

    @ForEachAzureType
    void listPullRequestsReportsNotFoundForAMissingRepository(ProviderType type) {
        wm.stubFor(apiGet(type, REPO_PATH).willReturn(aResponse().withStatus(404)));

        ProviderException e = AzureProviderFailureTest.failure(() -> connect(type).listPullRequests(REPO_ID, null));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        wm.verify(0, getRequestedFor(urlPathEqualTo(root(type) + REPO_PATH + "/pullrequests")));
    }

    private static MappingBuilder page(ProviderType type, int skip) {
        return apiGet(type, REPO_PATH + "/pullrequests").withQueryParam("$skip", equalTo(String.valueOf(skip)));
    }

    private static RequestPatternBuilder pageRequested(ProviderType type, int skip) {
        return getRequestedFor(urlPathEqualTo(root(type) + REPO_PATH + "/pullrequests"))
                .withQueryParam("$skip", equalTo(String.valueOf(skip)));
    }

    private static void stubPage(ProviderType type, int skip, List<String> pullRequests) {
        wm.stubFor(page(type, skip).willReturn(okJson("{\"count\":%d,\"value\":[%s]}"
                .formatted(pullRequests.size(), String.join(",", pullRequests)))));
    }

    /** {@code count} active pull requests from id {@code newest} down, each created a minute after the one before. */
    private static List<String> fillers(int newest, int count) {
        List<String> pullRequests = new ArrayList<>();
        IntStream.range(0, count).map(i -> newest - i).forEach(id -> pullRequests.add(
                pr(id, "active", FILLER_START.plusSeconds(60L * id).toString(), null, "\"\"")));
        return pullRequests;
    }

    /** A pull request as the list gives it; {@code closedDate} and {@code description} as JSON, null to leave out. */
    private static String pr(int id, String status, String creationDate, String closedDate, String description) {
        List<String> fields = new ArrayList<>(List.of(
                "\"pullRequestId\":" + id,
                "\"codeReviewId\":" + id,
                "\"status\":\"" + status + "\"",
                "\"createdBy\":{\"displayName\":\"User " + id + "\",\"uniqueName\":\"user" + id + "@fabrikam.example\"}",
                "\"creationDate\":\"" + creationDate + "\"",
                "\"title\":\"ABC-" + id + " title\"",
                "\"sourceRefName\":\"refs/heads/feature/ABC-" + id + "\"",
                "\"targetRefName\":\"refs/heads/main\"",
                "\"repository\":{\"id\":\"r1\",\"name\":\"Web App\",\"project\":{\"name\":\"Fabrikam Fiber\"}}",
                // Votes: 10 approved, 5 approved with suggestions, -5 waiting for the author, -10 rejected.
                "\"reviewers\":[{\"displayName\":\"Approver\",\"uniqueName\":\"approver@fabrikam.example\",\"vote\":10},"
                        + "{\"displayName\":\"Suggester\",\"uniqueName\":\"suggester@fabrikam.example\",\"vote\":5},"
                        + "{\"displayName\":\"Waiter\",\"uniqueName\":\"FABRIKAM\\\\waiter\",\"vote\":-5},"
                        + "{\"displayName\":\"Rejecter\",\"uniqueName\":\"rejecter@fabrikam.example\",\"vote\":-10}]"));
        if (closedDate != null) {
            fields.add("\"closedDate\":" + closedDate);
        }
        if (description != null) {
            fields.add("\"description\":" + description);
        }
        return fields.stream().collect(Collectors.joining(",", "{", "}"));
    }
}
