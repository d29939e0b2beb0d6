package com.gitbridge.provider.codecommit;

import static com.gitbridge.provider.codecommit.AwsStubs.ALICE;
import static com.gitbridge.provider.codecommit.AwsStubs.ENDPOINT;
import static com.gitbridge.provider.codecommit.AwsStubs.SHORT_TIMEOUTS;
import static com.gitbridge.provider.codecommit.AwsStubs.awsError;
import static com.gitbridge.provider.codecommit.AwsStubs.callerIdentity;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommit;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommitCalled;
import static com.gitbridge.provider.codecommit.AwsStubs.getCallerIdentity;
import static com.gitbridge.provider.codecommit.AwsStubs.json;
import static com.gitbridge.provider.codecommit.AwsStubs.stsError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.PullRequestDraft;
import com.gitbridge.testing.TestOutbound;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

class CodeCommitProviderFailureTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final PullRequestDraft DRAFT = new PullRequestDraft("feature/ABC-1", "main", "ABC-1", null);

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
    void validateReportsCredentialRejectedWhenStsDoesNotKnowTheKey() {
        wm.stubFor(getCallerIdentity().willReturn(
                stsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.")));

        ProviderException failure = failure(provider::validate, Kind.CREDENTIAL_REJECTED);

        assertThat(failure).hasMessageContaining("InvalidClientTokenId");
        wm.verify(0, codeCommitCalled("ListRepositories"));
    }

    @Test
    void validateReportsForbiddenWhenTheKeyMayNotUseCodeCommit() {
        wm.stubFor(getCallerIdentity().willReturn(callerIdentity("arn:aws:iam::123456789012:user/alice")));
        wm.stubFor(codeCommit("ListRepositories").willReturn(awsError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
                        + "codecommit:ListRepositories")));

        ProviderException failure = failure(provider::validate, Kind.FORBIDDEN);

        assertThat(failure).hasMessageContaining("codecommit:ListRepositories");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "400, UnrecognizedClientException", "403, InvalidSignatureException", "400, ExpiredTokenException",
            "401, SomethingElse"})
    void requestsAreCredentialRejectedWhenAwsRefusesTheKey(int status, String type) {
        wm.stubFor(codeCommit("ListRepositories").willReturn(awsError(status, type, "refused")));

        failure(() -> provider.listRepositories(null), Kind.CREDENTIAL_REJECTED);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, AccessDeniedException", "403, SomethingElse"})
    void createBranchReportsForbiddenWhenTheKeyLacksThePermission(int status, String type) {
        wm.stubFor(codeCommit("GetBranch").willReturn(awsError(status, type, "not authorized")));

        failure(() -> provider.createBranch("payments", "feature/ABC-1", "main"), Kind.FORBIDDEN);
    }

    @Test
    void getRepositoryReportsNotFoundWhenTheRepositoryDoesNotExist() {
        wm.stubFor(codeCommit("GetRepository")
                .willReturn(awsError(400, "RepositoryDoesNotExistException", "payments does not exist")));

        failure(() -> provider.getRepository("payments"), Kind.NOT_FOUND);
    }

    @Test
    void listBranchesReportsNotFoundOnA404() {
        wm.stubFor(codeCommit("ListBranches").willReturn(aResponse().withStatus(404)));

        failure(() -> provider.listBranches("payments"), Kind.NOT_FOUND);
    }

    @Test
    void createBranchReportsBranchExistsWhenNameIsTaken() {
        wm.stubFor(codeCommit("GetBranch")
                .willReturn(json("{\"branch\":{\"branchName\":\"main\",\"commitId\":\"3f2a9c1d\"}}")));
        wm.stubFor(codeCommit("CreateBranch")
                .willReturn(awsError(400, "BranchNameExistsException", "Branch feature/ABC-1 already exists")));

        failure(() -> provider.createBranch("payments", "feature/ABC-1", "main"), Kind.BRANCH_EXISTS);
    }

    @Test
    void createBranchReportsNotFoundWhenTheRepositoryIsMissing() {
        wm.stubFor(codeCommit("GetBranch")
                .willReturn(awsError(400, "RepositoryDoesNotExistException", "payments does not exist")));

        failure(() -> provider.createBranch("payments", "feature/ABC-1", "main"), Kind.NOT_FOUND);
        wm.verify(0, codeCommitCalled("CreateBranch"));
    }

    @Test
    void createBranchReportsNotFoundWhenTheSourceBranchIsMissing() {
        wm.stubFor(codeCommit("GetBranch")
                .willReturn(awsError(400, "BranchDoesNotExistException", "main does not exist")));

        failure(() -> provider.createBranch("payments", "feature/ABC-1", "main"), Kind.NOT_FOUND);
        wm.verify(0, codeCommitCalled("CreateBranch"));
    }

    @Test
    void createPullRequestReportsNotFoundWhenABranchIsMissing() {
        wm.stubFor(codeCommit("CreatePullRequest")
                .willReturn(awsError(400, "ReferenceDoesNotExistException", "feature/ABC-1 does not exist")));

        failure(() -> provider.createPullRequest("payments", DRAFT), Kind.NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource({"SourceAndDestinationAreSameException", "TipsDivergenceExceededException",
            "MaximumOpenPullRequestsExceededException"})
    void createPullRequestReportsHostRejectedWhenAwsRefusesThePullRequest(String type) {
        wm.stubFor(codeCommit("CreatePullRequest").willReturn(awsError(400, type, "refused")));

        ProviderException failure = failure(() -> provider.createPullRequest("payments", DRAFT), Kind.HOST_REJECTED);

        assertThat(failure).hasMessageContaining(type);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithRetryAfterAndNotRetried() {
        wm.stubFor(codeCommit("ListBranches").willReturn(
                awsError(429, "TooManyRequestsException", "slow down").withHeader("Retry-After", "30")));

        ProviderException failure = failure(() -> provider.listBranches("payments"), Kind.RATE_LIMITED);

        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        wm.verify(1, codeCommitCalled("ListBranches"));
    }

    @Test
    void retryAfterGivenAsAnHttpDateIsTheTimeUntilThen() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        wm.stubFor(codeCommit("ListBranches").willReturn(
                awsError(429, "TooManyRequestsException", "slow down").withHeader("Retry-After", inAMinute)));

        ProviderException failure = failure(() -> provider.listBranches("payments"), Kind.RATE_LIMITED);

        assertThat(failure.retryAfter()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    }

    @Test
    void throttlingExceptionIsRateLimitedWithoutAKnownWait() {
        wm.stubFor(codeCommit("ListBranches").willReturn(awsError(400, "ThrottlingException", "Rate exceeded")));

        ProviderException failure = failure(() -> provider.listBranches("payments"), Kind.RATE_LIMITED);

        assertThat(failure.retryAfter()).isNull();
        wm.verify(1, codeCommitCalled("ListBranches"));
    }

    @ParameterizedTest
    @CsvSource({"500", "503"})
    void serverErrorsAreHostUnavailableAndNotRetried(int status) {
        wm.stubFor(codeCommit("ListBranches").willReturn(aResponse().withStatus(status)));

        failure(() -> provider.listBranches("payments"), Kind.HOST_UNAVAILABLE);

        wm.verify(1, codeCommitCalled("ListBranches").withHeader("amz-sdk-request", equalTo("attempt=1; max=1")));
        wm.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsHostUnavailable() {
        wm.stubFor(codeCommit("ListBranches").willReturn(json("{\"branches\":[]}").withFixedDelay(1500)));

        try (CodeCommitProviderFactory impatient = AwsStubs.factoryWithShortTimeouts(wm)) {
            GitProvider slow = impatient.connect(ENDPOINT, ALICE);

            failure(() -> slow.listBranches("payments"), Kind.HOST_UNAVAILABLE);
        }
        wm.verify(1, codeCommitCalled("ListBranches"));
    }

    @Test
    void anAnswerTricklingInBeyondTheCallBudgetIsHostUnavailable() {
        // Each chunk arrives within the 1 s read timeout; only the 2 s API call timeout can stop this.
        wm.stubFor(codeCommit("ListBranches").willReturn(json("{\"branches\":[\"main\",\"develop\",\"release\"]}")
                .withChunkedDribbleDelay(8, 4000)));

        try (CodeCommitProviderFactory impatient = AwsStubs.factoryWithShortTimeouts(wm)) {
            GitProvider slow = impatient.connect(ENDPOINT, ALICE);

            ProviderException failure = failure(() -> slow.listBranches("payments"), Kind.HOST_UNAVAILABLE);

            assertThat(failure).hasCauseInstanceOf(ApiCallTimeoutException.class);
        }
    }

    @Test
    void anUnreachableHostIsHostUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CodeCommitProviderFactory unreachable =
                     new CodeCommitProviderFactory(SHORT_TIMEOUTS, TestOutbound.ALLOW_LOCAL,
                             "http://127.0.0.1:" + closedPort)) {
            GitProvider offline = unreachable.connect(ENDPOINT, ALICE);

            failure(() -> offline.listRepositories(null), Kind.HOST_UNAVAILABLE);
        }
    }

    @Test
    void failureMessagesNeverRepeatTheKeyEvenWhenTheHostEchoesIt() {
        wm.stubFor(codeCommit("ListBranches").willReturn(awsError(400, "AccessDeniedException",
                "key " + ALICE.accessKeyId() + " with secret " + ALICE.secretAccessKey() + " may not")));

        ProviderException failure = failure(() -> provider.listBranches("payments"), Kind.FORBIDDEN);

        assertThat(failure).hasMessageContaining("key **** with secret **** may not");
    }

    /** Runs {@code call}, expects a {@link ProviderException} of {@code kind} whose message holds no key. */
    private static ProviderException failure(ThrowingCallable call, Kind kind) {
        ProviderException failure = catchThrowableOfType(ProviderException.class, call);
        assertThat(failure).as("expected a ProviderException").isNotNull();
        assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(kind);
        assertThat(failure.getMessage())
                .contains("AWS CodeCommit (eu-west-1)")
                .doesNotContain(ALICE.accessKeyId())
                .doesNotContain(ALICE.secretAccessKey());
        return failure;
    }
}
