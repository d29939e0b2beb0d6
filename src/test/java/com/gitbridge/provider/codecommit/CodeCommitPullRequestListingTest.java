package com.gitbridge.provider.codecommit;

import static com.gitbridge.provider.codecommit.AwsStubs.ALICE;
import static com.gitbridge.provider.codecommit.AwsStubs.ENDPOINT;
import static com.gitbridge.provider.codecommit.AwsStubs.awsError;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommit;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommitCalled;
import static com.gitbridge.provider.codecommit.AwsStubs.json;
import static com.gitbridge.provider.codecommit.AwsStubs.sigV4;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * {@code listPullRequests}: ListPullRequests per status gives ids only, so GetPullRequest is called for every one
 * and the cursor is applied to its {@code lastActivityDate}.
 */
class CodeCommitPullRequestListingTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String CONSOLE = "https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/";
    private static final String ALICE_ARN = "arn:aws:iam::123456789012:user/alice";

    private CodeCommitProviderFactory factory;
    private GitProvider provider;

    @BeforeEach
    void connect() {
        factory = AwsStubs.factory(wm);
        provider = factory.connect(ENDPOINT, ALICE);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void listPullRequestsReadsEveryPageOfBothStatusesAndEachPullRequestOldestFirst() {
        stubList("OPEN", null, "open-2", "7", "6");
        stubList("OPEN", "open-2", null, "5");
        stubList("CLOSED", null, null, "4", "3");
        stubPullRequest("7", "OPEN", false, "2024-05-05T10:00:00Z", "\"Fixes ABC-7\"");
        stubPullRequest("6", "OPEN", false, "2024-04-01T10:00:00Z", null);
        stubPullRequest("5", "OPEN", false, "2024-05-01T10:00:00Z", null);
        stubPullRequest("4", "CLOSED", true, "2024-05-03T10:00:00Z", null);
        stubPullRequest("3", "CLOSED", false, "2024-05-02T10:00:00Z", null);

        List<HostPullRequestDetails> pulls = provider.listPullRequests("payments", null);

        assertThat(pulls).extracting(HostPullRequestDetails::id).containsExactly("6", "5", "3", "4", "7");
        assertThat(pulls).extracting(HostPullRequestDetails::state)
                .containsExactly("OPEN", "OPEN", "CLOSED", "MERGED", "OPEN");
        assertThat(pulls.get(4)).isEqualTo(new HostPullRequestDetails("7", "#7", "ABC-7 title", "Fixes ABC-7",
                "OPEN", CONSOLE + "payments/pull-requests/7/details?region=eu-west-1", "feature/ABC-7", "main",
                ALICE_ARN, Instant.parse("2024-05-05T10:00:00Z"), null, null));
        assertThat(pulls.get(0).description()).isNull();
        wm.verify(3, codeCommitCalled("ListPullRequests")
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withHeader("Authorization", matching(sigV4(ALICE, "codecommit"))));
        wm.verify(5, codeCommitCalled("GetPullRequest")
                .withHeader("Authorization", matching(sigV4(ALICE, "codecommit"))));
    }

    @Test
    void listPullRequestsReadsEveryPullRequestButReturnsOnlyThoseActiveSinceTheCursor() {
        stubList("OPEN", null, null, "7", "6");
        stubList("CLOSED", null, null, "4", "3");
        stubPullRequest("7", "OPEN", false, "2024-05-05T10:00:00Z", null);
        stubPullRequest("6", "OPEN", false, "2024-04-01T10:00:00Z", null);
        stubPullRequest("4", "CLOSED", true, "2024-05-03T10:00:00Z", null);
        stubPullRequest("3", "CLOSED", false, "2024-05-03T09:59:59Z", null);

        List<HostPullRequestDetails> pulls =
                provider.listPullRequests("payments", Instant.parse("2024-05-03T10:00:00Z"));

        assertThat(pulls).extracting(HostPullRequestDetails::id).containsExactly("4", "7");
        // ListPullRequests gives no dates, so nothing tells which pull requests could be left unread.
        wm.verify(4, codeCommitCalled("GetPullRequest"));
    }

    @Test
    void listPullRequestsReadsAPullRequestListedUnderBothStatusesOnce() {
        // Closed between the two listings: AWS gives it as open, then as closed.
        stubList("OPEN", null, null, "7");
        stubList("CLOSED", null, null, "7", "3");
        stubPullRequest("7", "CLOSED", true, "2024-05-05T10:00:00Z", null);
        stubPullRequest("3", "CLOSED", false, "2024-05-02T10:00:00Z", null);

        List<HostPullRequestDetails> pulls = provider.listPullRequests("payments", null);

        assertThat(pulls).extracting(HostPullRequestDetails::id).containsExactly("3", "7");
        wm.verify(1, codeCommitCalled("GetPullRequest").withRequestBody(equalToJson("{\"pullRequestId\":\"7\"}")));
    }

    @Test
    void listPullRequestsReportsCredentialRejectedOn401() {
        wm.stubFor(codeCommit("ListPullRequests").willReturn(awsError(401, "UnrecognizedClientException",
                "The security token included in the request is invalid.")));

        ProviderException failure = failure();

        assertThat(failure.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(failure.getMessage()).doesNotContain(ALICE.accessKeyId()).doesNotContain(ALICE.secretAccessKey());
    }

    @Test
    void listPullRequestsReportsRateLimitedWithRetryAfterWhenAPullRequestCannotBeRead() {
        stubList("OPEN", null, null, "7");
        stubList("CLOSED", null, null);
        wm.stubFor(codeCommit("GetPullRequest").willReturn(
                awsError(429, "TooManyRequestsException", "slow down").withHeader("Retry-After", "30")));

        ProviderException failure = failure();

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        wm.verify(1, codeCommitCalled("GetPullRequest"));
    }

    @Test
    void listPullRequestsReportsNotFoundForAMissingRepository() {
        wm.stubFor(codeCommit("ListPullRequests")
                .willReturn(awsError(400, "RepositoryDoesNotExistException", "payments does not exist")));

        assertThat(failure().kind()).isEqualTo(Kind.NOT_FOUND);
        wm.verify(0, codeCommitCalled("GetPullRequest"));
    }

    private ProviderException failure() {
        ProviderException failure = catchThrowableOfType(ProviderException.class,
                () -> provider.listPullRequests("payments", null));
        assertThat(failure).as("a ProviderException").isNotNull();
        return failure;
    }

    /** One page of ListPullRequests for {@code status}: the request that asks for it, and the ids it answers. */
    private static void stubList(String status, String token, String nextToken, String... ids) {
        String request = "{\"repositoryName\":\"payments\",\"pullRequestStatus\":\"" + status + "\""
                + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}";
        String answer = Arrays.stream(ids).map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "{\"pullRequestIds\":[", "]"))
                + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
        wm.stubFor(codeCommit("ListPullRequests").withRequestBody(equalToJson(request)).willReturn(json(answer)));
    }

    /** GetPullRequest for {@code id}; AWS's JSON protocol writes times as epoch seconds. */
    private static void stubPullRequest(String id, String status, boolean merged, String lastActivity,
                                        String description) {
        wm.stubFor(codeCommit("GetPullRequest").withRequestBody(equalToJson("{\"pullRequestId\":\"" + id + "\"}"))
                .willReturn(json("""
                        {"pullRequest":{"pullRequestId":"%s","title":"ABC-%s title",%s"pullRequestStatus":"%s",
                          "creationDate":1704067200.0,"lastActivityDate":%d.0,
                          "authorArn":"%s","revisionId":"r1",
                          "pullRequestTargets":[{"repositoryName":"payments",
                            "sourceReference":"refs/heads/feature/ABC-%s","destinationReference":"refs/heads/main",
                            "sourceCommit":"3f2a9c1d","destinationCommit":"9b8e7f6a",
                            "mergeMetadata":{"isMerged":%s}}]}}""".formatted(id, id,
                        description == null ? "" : "\"description\":" + description + ",", status,
                        Instant.parse(lastActivity).getEpochSecond(), ALICE_ARN, id, merged))));
    }
}
