package com.gitbridge.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import org.junit.jupiter.api.Test;

/** An Azure DevOps host that lists without end, or hands out the same page again: every listing stops. */
class AzureListingLimitsTest extends AzureWireMockTest {

    private static final ProviderType TYPE = ProviderType.AZURE_DEVOPS;
    private static final String REPOSITORIES = "/_apis/git/repositories";

    @Test
    void anEndlessRepositoryListingFailsAfterItsPages() {
        // Each page's continuation token is the one it was asked with and one more letter: never the same twice.
        wm.stubFor(apiGet(TYPE, REPOSITORIES).willReturn(okJson(page(repository("Web App"))).withHeader(
                "x-ms-continuationtoken", "{{request.query.continuationToken}}x").withTransformers("response-template")));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(25, 50_000, Duration.ofMinutes(1))).listRepositories(null));

        assertThat(failure).hasMessage("Azure DevOps listed more than 25 pages of repositories");
        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        wm.verify(25, getRequestedFor(urlPathEqualTo(root(TYPE) + REPOSITORIES)));
    }

    @Test
    void aContinuationTokenGivenTwiceEndsTheListing() {
        wm.stubFor(apiGet(TYPE, REPOSITORIES).willReturn(okJson(page(repository("Web App")))
                .withHeader("x-ms-continuationtoken", "same-again")));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(ListingLimits.DEFAULTS).listRepositories(null));

        assertThat(failure).hasMessage("Azure DevOps repeated a page of repositories (it gave the same page cursor twice)");
        wm.verify(2, getRequestedFor(urlPathEqualTo(root(TYPE) + REPOSITORIES)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(root(TYPE) + REPOSITORIES))
                .withQueryParam("continuationToken", equalTo("same-again")));
    }

    @Test
    void aBranchListingOverTheItemLimitFails() {
        stubRepository(TYPE);
        wm.stubFor(apiGet(TYPE, REPO_PATH + "/refs").willReturn(okJson(page(
                IntStream.range(0, 40).mapToObj(i -> refJson("branch-" + i, SHA)).collect(Collectors.joining(","))))));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 30, Duration.ofMinutes(1))).listBranches(REPO_ID));

        assertThat(failure).hasMessage("Azure DevOps listed more than 30 branches of " + REPO_ID);
    }

    @Test
    void aSlowEndlessListingFailsAtItsDeadlineAsATimeout() {
        wm.stubFor(apiGet(TYPE, REPOSITORIES).willReturn(okJson(page(repository("Web App")))
                .withHeader("x-ms-continuationtoken", "{{request.query.continuationToken}}x")
                .withTransformers("response-template").withFixedDelay(200)));
        long started = System.nanoTime();

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 50_000, Duration.ofSeconds(1))).listRepositories(null));

        assertThat(failure).hasMessage("Azure DevOps did not finish listing repositories within 1 second");
        assertThat(failure.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPullRequestListingOverTheItemLimitEndsThereWithTheNewestRead() {
        stubRepository(TYPE);
        for (int skip = 0; skip < 300; skip += 100) {
            int newest = 300 - skip;
            wm.stubFor(apiGet(TYPE, REPO_PATH + "/pullrequests").withQueryParam("$skip", equalTo(String.valueOf(skip)))
                    .willReturn(okJson(page(IntStream.range(0, 100).mapToObj(i -> pullRequest(newest - i))
                            .collect(Collectors.joining(","))))));
        }

        List<HostPullRequestDetails> pulls = provider(new ListingLimits(1_000, 150, Duration.ofMinutes(1)))
                .listPullRequests(REPO_ID, null);

        assertThat(pulls).hasSize(150);
        assertThat(pulls).extracting(HostPullRequestDetails::id).startsWith("151").endsWith("300");
        wm.verify(0, getRequestedFor(urlPathEqualTo(root(TYPE) + REPO_PATH + "/pullrequests"))
                .withQueryParam("$skip", equalTo("200")));
    }

    private GitProvider provider(ListingLimits limits) {
        return new AzureProviderFactory(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), TestOutbound.ALLOW_LOCAL, limits)
                .connect(HostEndpoint.of(TYPE, wm.baseUrl() + root(TYPE), null), new Credential.Token(ALICE_PAT));
    }

    private static String page(String items) {
        return "{\"value\":[" + items + "]}";
    }

    private static String repository(String name) {
        return repositoryJson("Fabrikam Fiber", name, "refs/heads/main", webUrl(TYPE));
    }

    private static String pullRequest(int id) {
        return """
                {"pullRequestId":%1$d,"status":"active","creationDate":"%2$s","title":"ABC-%1$d",
                 "createdBy":{"uniqueName":"user@fabrikam.example"},
                 "sourceRefName":"refs/heads/feature","targetRefName":"refs/heads/main"}"""
                .formatted(id, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * id));
    }
}
