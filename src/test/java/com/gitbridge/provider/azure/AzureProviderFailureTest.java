package com.gitbridge.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.PullRequestDraft;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

class AzureProviderFailureTest extends AzureWireMockTest {

    private static final PullRequestDraft DRAFT = new PullRequestDraft("ABC-1-fix-login", "main", "ABC-1", "");

    @ForEachAzureType
    void validateReportsCredentialRejectedWhenTheHostAnswers401(ProviderType type) {
        wm.stubFor(connectionData(type).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"https://code.example/\"")));

        ProviderException e = failure(() -> connect(type).validate());

        assertThat(e.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(e.getMessage()).contains("401");
    }

    @ForEachAzureType
    void validateReportsCredentialRejectedWhenTheHostAnswersWithASignInPageAs203(ProviderType type) {
        wm.stubFor(connectionData(type).willReturn(aResponse().withStatus(203)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<html><head><title>Sign In</title></head><body>...</body></html>")));

        assertThat(failure(() -> connect(type).validate()).kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
    }

    @ForEachAzureType
    void validateReportsCredentialRejectedWithoutFollowingARedirectToSignIn(ProviderType type) {
        wm.stubFor(connectionData(type).willReturn(aResponse().withStatus(302)
                .withHeader("Location", wm.baseUrl() + "/_signin?realm=code.example&reply_to=x")));
        wm.stubFor(WireMock.get(urlPathEqualTo("/_signin")).willReturn(okJson(
                "{\"authenticatedUser\":{\"providerDisplayName\":\"Mallory\"}}")));

        ProviderException e = failure(() -> connect(type).validate());

        assertThat(e.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        wm.verify(0, getRequestedFor(urlPathEqualTo("/_signin")));
    }

    @ForEachAzureType
    void validateReportsCredentialRejectedWhenTheHostAnswersAsTheAnonymousUser(ProviderType type) {
        wm.stubFor(connectionData(type).willReturn(okJson("""
                {"authenticatedUser":{"id":"aa442d6c-0000-0000-0000-000000000000",
                  "descriptor":"Microsoft.TeamFoundation.UnauthenticatedIdentity;S-1-0-0",
                  "providerDisplayName":"Anonymous","properties":{}}}""")));

        assertThat(failure(() -> connect(type).validate()).kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
    }

    @ForEachAzureType
    void listRepositoriesReportsForbiddenWhenTheHostAnswers403(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"TF400813: The user is not authorized to access this resource.\"}")));

        ProviderException e = failure(() -> connect(type).listRepositories(null));

        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.getMessage()).contains("403").contains("TF400813");
    }

    @ForEachAzureType
    void getRepositoryReportsNotFoundWhenTheHostAnswers404(ProviderType type) {
        wm.stubFor(apiGet(type, REPO_PATH).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"TF401019: The Git repository with name or identifier Web App does not exist"
                        + " or you do not have permissions for the operation you are attempting.\"}")));

        ProviderException e = failure(() -> connect(type).getRepository(REPO_ID));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("TF401019");
    }

    @ForEachAzureType
    void getRepositoryReportsNotFoundForAnIdThatIsNotProjectSlashRepository(ProviderType type) {
        assertThat(failure(() -> connect(type).getRepository("Web App")).kind()).isEqualTo(Kind.NOT_FOUND);
        wm.verify(0, getRequestedFor(urlPathMatching(".*")));
    }

    @ForEachAzureType
    void createBranchReportsBranchExistsWhenNameIsTaken(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(apiPost(type, REPO_PATH + "/refs").willReturn(okJson("""
                {"count":1,"value":[{"name":"refs/heads/ABC-1-fix-login","oldObjectId":"0000000000000000000000000000000000000000",
                  "newObjectId":"%s","success":false,"updateStatus":"staleOldObjectId",
                  "customMessage":"TF401028: The reference 'refs/heads/ABC-1-fix-login' has already been updated by another client, so you cannot update it."}]}"""
                .formatted(SHA))));

        ProviderException e = failure(() -> connect(type).createBranch(REPO_ID, "ABC-1-fix-login", "main"));

        assertThat(e.kind()).isEqualTo(Kind.BRANCH_EXISTS);
        assertThat(e.getMessage()).contains("ABC-1-fix-login");
    }

    @ForEachAzureType
    void createBranchReportsBranchExistsWhenTheHostAnswersConflict(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(apiPost(type, REPO_PATH + "/refs").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"TF401028: The reference has already been updated by another client.\"}")));

        ProviderException e = failure(() -> connect(type).createBranch(REPO_ID, "ABC-1-fix-login", "main"));

        assertThat(e.kind()).isEqualTo(Kind.BRANCH_EXISTS);
    }

    @ForEachAzureType
    void createBranchReportsForbiddenWhenTheCredentialMayNotCreateBranches(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(apiPost(type, REPO_PATH + "/refs").willReturn(okJson("""
                {"count":1,"value":[{"name":"refs/heads/ABC-1-fix-login","success":false,
                  "updateStatus":"createBranchPermissionRequired",
                  "customMessage":"TF401027: You need the Git 'CreateBranch' permission to perform this action."}]}""")));

        ProviderException e = failure(() -> connect(type).createBranch(REPO_ID, "ABC-1-fix-login", "main"));

        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.getMessage()).contains("TF401027");
    }

    @ForEachAzureType
    void createBranchReportsNotFoundWhenTheSourceBranchIsMissing(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").withQueryParam("filter", equalTo("heads/main"))
                .willReturn(okJson("{\"count\":1,\"value\":[%s]}".formatted(refJson("main-old", SHA)))));

        ProviderException e = failure(() -> connect(type).createBranch(REPO_ID, "ABC-1-fix-login", "main"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("main");
        wm.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @ForEachAzureType
    void createBranchReportsNotFoundWhenTheRepositoryIsMissing(ProviderType type) {
        wm.stubFor(apiGet(type, REPO_PATH).willReturn(aResponse().withStatus(404)));

        ProviderException e = failure(() -> connect(type).createBranch(REPO_ID, "ABC-1-fix-login", "main"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        wm.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @ForEachAzureType
    void createPullRequestReportsHostRejectedWithTheHostsMessageWhenOneIsAlreadyActive(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiPost(type, REPO_PATH + "/pullrequests").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"$id":"1","innerException":null,
                         "message":"TF401179: An active pull request for the source and target branch already exists.",
                         "typeName":"Microsoft.TeamFoundation.Git.Server.GitPullRequestExistsException",
                         "typeKey":"GitPullRequestExistsException","errorCode":0,"eventId":3000}""")));

        ProviderException e = failure(() -> connect(type).createPullRequest(REPO_ID, DRAFT));

        assertThat(e.kind()).isEqualTo(Kind.HOST_REJECTED);
        assertThat(e.getMessage()).contains("TF401179: An active pull request for the source and target branch");
    }

    @ForEachAzureType
    void listBranchesReportsRateLimitedWithRetryAfterWhenTheHostAnswers429(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").willReturn(throttled(429).withHeader("Retry-After", "30")));

        ProviderException e = failure(() -> connect(type).listBranches(REPO_ID));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @ForEachAzureType
    void listRepositoriesReportsRateLimitedWhenA503CarriesRetryAfter(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories").willReturn(throttled(503).withHeader("Retry-After", "12")));

        ProviderException e = failure(() -> connect(type).listRepositories(null));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }

    @ForEachAzureType
    void rateLimitTakesItsWaitFromTheResetHeaderWhenThereIsNoRetryAfter(ProviderType type) {
        long reset = Instant.now().plusSeconds(60).getEpochSecond();
        wm.stubFor(apiGet(type, "/_apis/git/repositories")
                .willReturn(throttled(429).withHeader("X-RateLimit-Reset", Long.toString(reset))));

        ProviderException e = failure(() -> connect(type).listRepositories(null));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
    }

    @ForEachAzureType
    void listBranchesReportsHostUnavailableWhenTheHostAnswers500(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").willReturn(aResponse().withStatus(500)));

        ProviderException e = failure(() -> connect(type).listBranches(REPO_ID));

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("500");
    }

    @ForEachAzureType
    void reportsHostUnavailableWhenA503CarriesNoRetryAfter(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories").willReturn(aResponse().withStatus(503)));

        assertThat(failure(() -> connect(type).listRepositories(null)).kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
    }

    @ForEachAzureType
    void reportsHostUnavailableWhenTheHostDoesNotAnswerWithinTheReadTimeout(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories")
                .willReturn(okJson("{\"count\":0,\"value\":[]}").withFixedDelay(1_500)));

        ProviderException e = failure(() -> connect(type).listRepositories(null));

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("in time");
    }

    @ForEachAzureType
    void reportsHostUnavailableWhenTheConnectionIsRefused(ProviderType type) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var provider = factory.connect(HostEndpoint.of(type, "http://localhost:" + closedPort + root(type), null),
                new Credential.Token(ALICE_PAT));

        ProviderException e = failure(provider::validate);

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("could not be reached");
    }

    @ForEachAzureType
    void reportsHostRejectedWhenTheHostRedirectsSomewhereOtherThanSignIn(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories").willReturn(aResponse().withStatus(301)
                .withHeader("Location", "https://elsewhere.example/_apis/git/repositories")));

        assertThat(failure(() -> connect(type).listRepositories(null)).kind()).isEqualTo(Kind.HOST_REJECTED);
    }

    @ForEachAzureType
    void reportsHostUnavailableWhenASuccessfulAnswerIsNotJson(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>Welcome</html>")));

        ProviderException e = failure(() -> connect(type).listRepositories(null));

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("base URL");
    }

    private static MappingBuilder connectionData(ProviderType type) {
        return WireMock.get(urlPathEqualTo(root(type) + "/_apis/connectionData"))
                .withQueryParam("api-version", equalTo(previewApiVersion(type)))
                .withHeader("Authorization", equalTo(ALICE_AUTH));
    }

    private static ResponseDefinitionBuilder throttled(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Request was blocked due to exceeding usage of resource.\"}");
    }

    private static void stubSourceBranch(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").withQueryParam("filter", equalTo("heads/main"))
                .willReturn(okJson("{\"count\":1,\"value\":[%s]}".formatted(refJson("main", SHA)))));
    }

    static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        return e;
    }
}
