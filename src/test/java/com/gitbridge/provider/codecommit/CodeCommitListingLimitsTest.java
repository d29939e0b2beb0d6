package com.gitbridge.provider.codecommit;

import static com.gitbridge.provider.codecommit.AwsStubs.ALICE;
import static com.gitbridge.provider.codecommit.AwsStubs.ENDPOINT;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommit;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommitCalled;
import static com.gitbridge.provider.codecommit.AwsStubs.json;
import static com.gitbridge.provider.codecommit.AwsStubs.repositoryMetadata;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;

import com.gitbridge.provider.GitProvider;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ListingLimitExceeded;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderTimeouts;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A CodeCommit endpoint that lists without end, or hands out the same page again: every listing stops. */
class CodeCommitListingLimitsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** A new random next token on every page: a listing that never ends and never repeats itself. */
    private static final String NEW_TOKEN = "\"nextToken\":\"{{randomValue length=24 type='ALPHANUMERIC'}}\"";

    @Test
    void anEndlessRepositoryListingFailsAfterItsPages() {
        wm.stubFor(codeCommit("ListRepositories").willReturn(json(
                "{\"repositories\":[{\"repositoryName\":\"app\",\"repositoryId\":\"id-app\"}]," + NEW_TOKEN + "}")
                .withTransformers("response-template")));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(15, 50_000, Duration.ofMinutes(1))).listRepositories(null));

        assertThat(failure).hasMessage("AWS CodeCommit listed more than 15 pages of repositories");
        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        wm.verify(15, codeCommitCalled("ListRepositories"));
        wm.verify(0, codeCommitCalled("BatchGetRepositories"));
    }

    @Test
    void aNextTokenGivenTwiceEndsTheListing() {
        wm.stubFor(codeCommit("ListBranches").willReturn(json("{\"branches\":[\"main\"],\"nextToken\":\"again\"}")));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(ListingLimits.DEFAULTS).listBranches("app"));

        assertThat(failure).hasMessage(
                "AWS CodeCommit repeated a page of branches of app (it gave the same page cursor twice)");
        wm.verify(2, codeCommitCalled("ListBranches"));
    }

    @Test
    void aSlowEndlessListingFailsAtItsDeadlineAsATimeout() {
        wm.stubFor(codeCommit("ListBranches").willReturn(json("{\"branches\":[\"main\"]," + NEW_TOKEN + "}")
                .withTransformers("response-template").withFixedDelay(200)));
        long started = System.nanoTime();

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 50_000, Duration.ofSeconds(1))).listBranches("app"));

        assertThat(failure).hasMessage("AWS CodeCommit did not finish listing branches of app within 1 second");
        assertThat(failure.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEndlessPullRequestListingEndsAtItsLimitWithWhatItRead() {
        wm.stubFor(codeCommit("ListPullRequests").willReturn(json(
                "{\"pullRequestIds\":[\"{{randomValue length=8 type='NUMERIC'}}\"]," + NEW_TOKEN + "}")
                .withTransformers("response-template")));
        wm.stubFor(codeCommit("GetPullRequest").willReturn(json("""
                {"pullRequest":{"pullRequestId":"{{jsonPath request.body '$.pullRequestId'}}","title":"ABC-1",
                 "pullRequestStatus":"OPEN","authorArn":"arn:aws:iam::123456789012:user/alice",
                 "creationDate":1714900000,"lastActivityDate":1714900000,
                 "pullRequestTargets":[{"repositoryName":"app","sourceReference":"refs/heads/feature",
                   "destinationReference":"refs/heads/main"}]}}""").withTransformers("response-template")));

        List<HostPullRequestDetails> pulls = provider(new ListingLimits(6, 50_000, Duration.ofMinutes(1)))
                .listPullRequests("app", null);

        assertThat(pulls).hasSize(6);
        wm.verify(6, codeCommitCalled("ListPullRequests"));
        wm.verify(6, codeCommitCalled("GetPullRequest"));
    }

    @Test
    void aRepositoryListingOverTheItemLimitFailsBeforeReadingTheRepositories() {
        wm.stubFor(codeCommit("ListRepositories").willReturn(json(
                "{\"repositories\":[{\"repositoryName\":\"a\",\"repositoryId\":\"1\"},"
                        + "{\"repositoryName\":\"b\",\"repositoryId\":\"2\"}]," + NEW_TOKEN + "}")
                .withTransformers("response-template")));
        wm.stubFor(codeCommit("BatchGetRepositories").willReturn(json(
                "{\"repositories\":[" + repositoryMetadata("a", "main") + "]}")));

        ListingLimitExceeded failure = catchThrowableOfType(ListingLimitExceeded.class,
                () -> provider(new ListingLimits(1_000, 5, Duration.ofMinutes(1))).listRepositories(null));

        assertThat(failure).hasMessage("AWS CodeCommit listed more than 5 repositories");
        wm.verify(3, codeCommitCalled("ListRepositories"));
    }

    private GitProvider provider(ListingLimits limits) {
        return new CodeCommitProviderFactory(new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                TestOutbound.ALLOW_LOCAL, wm.baseUrl(), limits).connect(ENDPOINT, ALICE);
    }
}
