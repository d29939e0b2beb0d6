package com.gitbridge.provider.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.PullRequestDraft;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * Both GitLab types against WireMock: GitLab.com answers at the server root, GitLab self-managed under the
 * sub-path {@code /gitlab}, so every path asserted for it must start with {@code /gitlab/api/v4}.
 */
class GitLabProviderTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("glpat-", "integration-account-0001");
    private static final String SECRET_KEY = Canary.secret("", "secret-key-value");
    private static final String OTHER_TOKEN = Canary.secret("glpat-", "personal-of-a-user-0002");
    private static final String REPO = "acme/platform/web-app";
    /** How gitlab4j writes the project path into the URL; GitLab decodes it back to {@link #REPO}. */
    private static final String REPO_IN_URL = "acme%2Fplatform%2Fweb%2Dapp";
    private static final String SHA = "6104942438c14ec7bd21c6cd5bd995272b3faff6";

    private final GitLabProviderFactory factory =
            new GitLabProviderFactory(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                    TestOutbound.ALLOW_LOCAL);

    /** WireMock's first answer is slow; take it here so no test's read timeout pays for it. */
    @BeforeAll
    static void warmUpWireMock() throws IOException, InterruptedException {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(wm.baseUrl() + "/warm-up")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String prefix(ProviderType type) {
        return type == ProviderType.GITLAB_SELF_MANAGED ? "/gitlab" : "";
    }

    private static String api(ProviderType type, String path) {
        return prefix(type) + "/api/v4" + path;
    }

    private GitProvider provider(ProviderType type) {
        return provider(type, TOKEN);
    }

    private GitProvider provider(ProviderType type, String token) {
        return factory.connect(HostEndpoint.of(type, wm.baseUrl() + prefix(type), null), new Credential.Token(token));
    }

    private static ProviderException failure(Runnable call) {
        return catchThrowableOfType(ProviderException.class, call::run);
    }

    // --- validate ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void validateReportsLoginScopesAndExpiryAtStartOfTheExpiryDayUtc(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"id\": 7, \"username\": \"jdoe\"}")));
        wm.stubFor(get(api(type, "/personal_access_tokens/self")).willReturn(okJson("""
                {"id": 42, "name": "jira", "scopes": ["api", "read_user", "write_repository"],
                 "expires_at": "2030-01-31", "active": true, "revoked": false}""")));

        CredentialCheck check = provider(type).validate();

        assertThat(check.login()).isEqualTo("jdoe");
        assertThat(check.scopes()).containsExactly("api", "read_user", "write_repository");
        assertThat(check.expiresAt()).isEqualTo(Instant.parse("2030-01-31T00:00:00Z"));
        wm.verify(getRequestedFor(urlPathEqualTo(api(type, "/user")))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)).withoutHeader("Authorization"));
        wm.verify(getRequestedFor(urlPathEqualTo(api(type, "/personal_access_tokens/self")))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)).withoutHeader("Authorization"));
        assertThat(wm.getAllServeEvents()).hasSize(2).allSatisfy(event -> {
            assertThat(event.getRequest().getProtocol()).isEqualTo("HTTP/1.1");
            assertThat(event.getRequest().getUrl()).doesNotContain(TOKEN);
        });
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void validateSucceedsWithoutScopesOrExpiryWhenGitLabHasNoTokenSelfEndpoint(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"id\": 7, \"username\": \"jdoe\"}")));
        wm.stubFor(get(api(type, "/personal_access_tokens/self"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": \"404 Not Found\"}")));

        CredentialCheck check = provider(type).validate();

        assertThat(check).isEqualTo(new CredentialCheck("jdoe", List.of(), null));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void validateSucceedsWithoutScopesOrExpiryWhenTheTokenMayNotDescribeItself(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"id\": 7, \"username\": \"jdoe\"}")));
        wm.stubFor(get(api(type, "/personal_access_tokens/self"))
                .willReturn(json(403, "{\"message\": \"403 Forbidden\"}")));

        CredentialCheck check = provider(type).validate();

        assertThat(check).isEqualTo(new CredentialCheck("jdoe", List.of(), null));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void validateReportsNoExpiryForATokenThatNeverExpires(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"id\": 7, \"username\": \"jdoe\"}")));
        wm.stubFor(get(api(type, "/personal_access_tokens/self"))
                .willReturn(okJson("{\"id\": 42, \"scopes\": [\"read_api\"], \"expires_at\": null}")));

        CredentialCheck check = provider(type).validate();

        assertThat(check).isEqualTo(new CredentialCheck("jdoe", List.of("read_api"), null));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void validateReportsCredentialRejectedWhenGitLabAnswers401(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"401 Unauthorized\"}")));

        ProviderException e = failure(() -> provider(type).validate());

        assertThat(e.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(e.getMessage()).contains("GitLab refused the credential (401)").doesNotContain(TOKEN);
    }

    // --- listRepositories ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listRepositoriesReadsEveryPageAndSortsById(ProviderType type) {
        // Like GitLab.com for large result sets: no X-Total / X-Total-Pages, only X-Next-Page.
        stubProjectsPage(type, 1, "2", project("zeta/app", "App"), project("acme/platform/web-app", "Web App"));
        stubProjectsPage(type, 2, "3", project("beta/tools", "Tools"));
        stubProjectsPage(type, 3, "", project("acme/docs", "Docs"));

        List<HostRepository> repositories = provider(type).listRepositories(null);

        assertThat(repositories).extracting(HostRepository::id)
                .containsExactly("acme/docs", "acme/platform/web-app", "beta/tools", "zeta/app");
        assertThat(repositories.get(1)).isEqualTo(new HostRepository("acme/platform/web-app", "Web App", "main",
                "https://gitlab.example/acme/platform/web-app", "https://gitlab.example/acme/platform/web-app.git"));
        for (int page = 1; page <= 3; page++) {
            wm.verify(getRequestedFor(urlPathEqualTo(api(type, "/projects")))
                    .withQueryParam("membership", equalTo("true"))
                    .withQueryParam("simple", equalTo("true"))
                    .withQueryParam("order_by", equalTo("path"))
                    .withQueryParam("per_page", equalTo("100"))
                    .withQueryParam("page", equalTo(String.valueOf(page)))
                    .withQueryParam("search", absent())
                    .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        }
        wm.verify(3, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listRepositoriesSearchesGitLabThenKeepsOnlyIdOrNameMatches(ProviderType type) {
        stubProjectsPage(type, 1, "",
                project("acme/platform/web-app", "Web App"),
                project("other/tools", "Platform Tools"),
                project("misc/notes", "Notes")); // GitLab also matches descriptions; our contract does not

        List<HostRepository> repositories = provider(type).listRepositories("PLATFORM");

        assertThat(repositories).extracting(HostRepository::id).containsExactly("acme/platform/web-app", "other/tools");
        wm.verify(getRequestedFor(urlPathEqualTo(api(type, "/projects")))
                .withQueryParam("search", equalTo("PLATFORM"))
                .withQueryParam("search_namespaces", equalTo("true"))
                .withQueryParam("membership", equalTo("true")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listRepositoriesFiltersQueriesShorterThanThreeCharactersLocally(ProviderType type) {
        stubProjectsPage(type, 1, "", project("acme/platform/web-app", "Web App"), project("misc/notes", "Notes"));

        List<HostRepository> repositories = provider(type).listRepositories("AP");

        assertThat(repositories).extracting(HostRepository::id).containsExactly("acme/platform/web-app");
        wm.verify(getRequestedFor(urlPathEqualTo(api(type, "/projects"))).withQueryParam("search", absent()));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listRepositoriesReportsHostUnavailableWhenALaterPageFails(ProviderType type) {
        stubProjectsPage(type, 1, "2", project("acme/docs", "Docs"));
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects"))).withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(503)));

        ProviderException e = failure(() -> provider(type).listRepositories(""));

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("(503)");
    }

    // --- getRepository ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void getRepositoryReadsTheProjectByItsEncodedPath(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL)))
                .willReturn(okJson(project(REPO, "Web App"))));

        HostRepository repository = provider(type).getRepository(REPO);

        assertThat(repository).isEqualTo(new HostRepository(REPO, "Web App", "main",
                "https://gitlab.example/" + REPO, "https://gitlab.example/" + REPO + ".git"));
        wm.verify(getRequestedFor(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL)))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void getRepositoryReportsNotFoundWhenGitLabAnswers404(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL)))
                .willReturn(json(404, "{\"message\": \"404 Project Not Found\"}")));

        ProviderException e = failure(() -> provider(type).getRepository(REPO));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("(404)").contains("404 Project Not Found");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void getRepositoryReportsHostUnavailableWhenTheBaseUrlServesSomethingElse(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL))).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>Sign in</html>")));

        ProviderException e = failure(() -> provider(type).getRepository(REPO));

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("is the base URL right?");
    }

    // --- listBranches ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listBranchesReadsEveryPage(ProviderType type) {
        String path = api(type, "/projects/" + REPO_IN_URL + "/repository/branches");
        wm.stubFor(get(urlPathEqualTo(path)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson("[" + branch("main", SHA) + "," + branch("develop", "d1") + "]")
                        .withHeader("X-Per-Page", "100").withHeader("X-Page", "1").withHeader("X-Next-Page", "2")
                        .withHeader("X-Total", "3").withHeader("X-Total-Pages", "2")));
        wm.stubFor(get(urlPathEqualTo(path)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + branch("feature/JIRA-1", "f1") + "]")
                        .withHeader("X-Per-Page", "100").withHeader("X-Page", "2").withHeader("X-Next-Page", "")
                        .withHeader("X-Total", "3").withHeader("X-Total-Pages", "2")));

        List<HostBranch> branches = provider(type).listBranches(REPO);

        assertThat(branches).containsExactly(
                new HostBranch("main", SHA, "https://gitlab.example/" + REPO + "/-/tree/main"),
                new HostBranch("develop", "d1", "https://gitlab.example/" + REPO + "/-/tree/develop"),
                new HostBranch("feature/JIRA-1", "f1", "https://gitlab.example/" + REPO + "/-/tree/feature/JIRA-1"));
        wm.verify(2, getRequestedFor(urlPathEqualTo(path)).withQueryParam("per_page", equalTo("100"))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void listBranchesReportsForbiddenWhenGitLabAnswers403(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches")))
                .willReturn(json(403, "{\"message\": \"403 Forbidden\"}")));

        ProviderException e = failure(() -> provider(type).listBranches(REPO));

        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.getMessage()).contains("(403)");
    }

    // --- createBranch ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createBranchCreatesTheBranchAtTheSourceBranchTip(ProviderType type) {
        stubSourceBranch(type);
        String branches = api(type, "/projects/" + REPO_IN_URL + "/repository/branches");
        wm.stubFor(post(urlPathEqualTo(branches))
                .willReturn(json(201, branch("feature/JIRA-1", SHA))));

        HostBranch created = provider(type).createBranch(REPO, "feature/JIRA-1", "main");

        assertThat(created).isEqualTo(
                new HostBranch("feature/JIRA-1", SHA, "https://gitlab.example/" + REPO + "/-/tree/feature/JIRA-1"));
        wm.verify(getRequestedFor(urlPathEqualTo(branches + "/main")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        wm.verify(postRequestedFor(urlPathEqualTo(branches))
                .withQueryParam("branch", equalTo("feature/JIRA-1"))
                .withQueryParam("ref", equalTo(SHA))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createBranchReportsBranchExistsWhenNameIsTaken(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(post(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches")))
                .willReturn(json(400, "{\"message\": \"Branch already exists\"}")));

        ProviderException e = failure(() -> provider(type).createBranch(REPO, "develop", "main"));

        assertThat(e.kind()).isEqualTo(Kind.BRANCH_EXISTS);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createBranchReportsNotFoundWhenSourceBranchIsMissing(ProviderType type) {
        String branches = api(type, "/projects/" + REPO_IN_URL + "/repository/branches");
        wm.stubFor(get(urlPathEqualTo(branches + "/nope"))
                .willReturn(json(404, "{\"message\": \"404 Branch Not Found\"}")));

        ProviderException e = failure(() -> provider(type).createBranch(REPO, "feature/JIRA-1", "nope"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("404 Branch Not Found");
        wm.verify(0, postRequestedFor(urlPathEqualTo(branches)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createBranchReportsNotFoundWhenRepositoryIsMissing(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches/main")))
                .willReturn(json(404, "{\"message\": \"404 Project Not Found\"}")));

        ProviderException e = failure(() -> provider(type).createBranch(REPO, "feature/JIRA-1", "main"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("404 Project Not Found");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createBranchReportsNotFoundWhenTheSourceVanishesBeforeCreation(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(post(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches")))
                .willReturn(json(400, "{\"message\": \"Invalid reference name: " + SHA + "\"}")));

        ProviderException e = failure(() -> provider(type).createBranch(REPO, "feature/JIRA-1", "main"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createBranchReportsHostRejectedForAnotherRefusal(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(post(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches")))
                .willReturn(json(400, "{\"message\": \"Branch name is invalid\"}")));

        ProviderException e = failure(() -> provider(type).createBranch(REPO, "bad..name", "main"));

        assertThat(e.kind()).isEqualTo(Kind.HOST_REJECTED);
        assertThat(e.getMessage()).contains("(400)").contains("Branch name is invalid");
    }

    // --- createPullRequest ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createPullRequestOpensAMergeRequestAndReportsItsIid(ProviderType type) {
        String path = api(type, "/projects/" + REPO_IN_URL + "/merge_requests");
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(json(201, mergeRequest("opened"))));

        HostPullRequest created = provider(type).createPullRequest(REPO,
                new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1 Fix login", "Fixes JIRA-1"));

        assertThat(created).isEqualTo(new HostPullRequest("12", "JIRA-1 Fix login", "OPEN",
                "https://gitlab.example/" + REPO + "/-/merge_requests/12", "feature/JIRA-1", "main"));
        wm.verify(postRequestedFor(urlPathEqualTo(path))
                .withFormParam("source_branch", equalTo("feature/JIRA-1"))
                .withFormParam("target_branch", equalTo("main"))
                .withFormParam("title", equalTo("JIRA-1 Fix login"))
                .withFormParam("description", equalTo("Fixes JIRA-1"))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    }

    @ParameterizedTest
    @CsvSource({"opened, OPEN", "merged, MERGED", "closed, CLOSED", "locked, CLOSED"})
    void createPullRequestReportsGitLabStatesAsOurs(String gitLabState, String ourState) {
        wm.stubFor(post(urlPathEqualTo(api(ProviderType.GITLAB, "/projects/" + REPO_IN_URL + "/merge_requests")))
                .willReturn(json(201, mergeRequest(gitLabState))));

        HostPullRequest created = provider(ProviderType.GITLAB).createPullRequest(REPO,
                new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1 Fix login", null));

        assertThat(created.state()).isEqualTo(ourState);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void createPullRequestReportsHostRejectedWhenAMergeRequestAlreadyExists(ProviderType type) {
        wm.stubFor(post(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/merge_requests"))).willReturn(json(409,
                "{\"message\": [\"Another open merge request already exists for this source branch: !3\"]}")));

        ProviderException e = failure(() -> provider(type).createPullRequest(REPO,
                new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1 Fix login", null)));

        assertThat(e.kind()).isEqualTo(Kind.HOST_REJECTED);
        assertThat(e.getMessage()).contains("(409)").contains("Another open merge request already exists");
    }

    // --- rate limits, outages, timeouts ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void rateLimitIsReportedWithRetryAfterAndNotRetried(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL))).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "30").withHeader("RateLimit-Reset", "1")
                .withBody("Retry later")));

        ProviderException e = failure(() -> provider(type).getRepository(REPO));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        wm.verify(1, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void rateLimitWithoutRetryAfterWaitsUntilRateLimitReset(ProviderType type) {
        long reset = Instant.now().plusSeconds(120).getEpochSecond();
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL))).willReturn(aResponse().withStatus(429)
                .withHeader("RateLimit-Reset", String.valueOf(reset))));

        ProviderException e = failure(() -> provider(type).getRepository(REPO));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
    }

    @Test
    void rateLimitRetryAfterMayBeAnHttpDate() {
        String inNinetySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(90));
        wm.stubFor(get(urlPathEqualTo(api(ProviderType.GITLAB, "/projects/" + REPO_IN_URL)))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", inNinetySeconds)));

        ProviderException e = failure(() -> provider(ProviderType.GITLAB).getRepository(REPO));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(70), Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void serverErrorIsReportedAsHostUnavailableAndNotRetried(ProviderType type) {
        wm.stubFor(post(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/merge_requests")))
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));

        ProviderException e = failure(() -> provider(type).createPullRequest(REPO,
                new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1 Fix login", null)));

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("(502)");
        wm.verify(1, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void slowAnswerBeyondTheReadTimeoutIsReportedAsHostUnavailable(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"username\": \"jdoe\"}").withFixedDelay(2500)));

        ProviderException e = failure(() -> provider(type).validate());

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("did not answer in time");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void resetConnectionIsReportedAsHostUnavailable(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ProviderException e = failure(() -> provider(type).validate());

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void refusedConnectionIsReportedAsHostUnavailable(ProviderType type) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GitProvider provider = factory.connect(
                HostEndpoint.of(type, "http://localhost:" + closedPort + prefix(type), null), new Credential.Token(TOKEN));

        ProviderException e = failure(provider::validate);

        assertThat(e.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(e.getMessage()).contains("could not be reached");
    }

    // --- credentials stay apart and out of sight ---

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void twoProvidersFromOneFactoryEachSendOnlyTheirOwnToken(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .willReturn(okJson("{\"username\": \"integration-bot\"}")));
        wm.stubFor(get(api(type, "/user")).withHeader("PRIVATE-TOKEN", equalTo(OTHER_TOKEN))
                .willReturn(okJson("{\"username\": \"jdoe\"}")));
        wm.stubFor(get(api(type, "/personal_access_tokens/self")).willReturn(okJson("{\"scopes\": [\"api\"]}")));
        GitProvider integration = provider(type, TOKEN);
        GitProvider personal = provider(type, OTHER_TOKEN);

        assertThat(personal.validate().login()).isEqualTo("jdoe");
        assertThat(integration.validate().login()).isEqualTo("integration-bot");
        assertThat(personal.validate().login()).isEqualTo("jdoe");

        wm.verify(2, getRequestedFor(urlPathEqualTo(api(type, "/user"))).withHeader("PRIVATE-TOKEN", equalTo(OTHER_TOKEN)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(api(type, "/user"))).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        wm.verify(2, getRequestedFor(urlPathEqualTo(api(type, "/personal_access_tokens/self")))
                .withHeader("PRIVATE-TOKEN", equalTo(OTHER_TOKEN)));
        assertThat(wm.getAllServeEvents()).hasSize(6).allSatisfy(event ->
                assertThat(event.getRequest().header("PRIVATE-TOKEN").values()).hasSize(1));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void hostMessagesAreQuotedWithTheTokenMasked(ProviderType type) {
        stubSourceBranch(type);
        wm.stubFor(post(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches")))
                .willReturn(json(422, "{\"message\": \"Token " + TOKEN + " may not push here\"}")));

        ProviderException e = failure(() -> provider(type).createBranch(REPO, "feature/JIRA-1", "main"));

        assertThat(e.kind()).isEqualTo(Kind.HOST_REJECTED);
        assertThat(e.getMessage()).contains("Token **** may not push here").doesNotContain(TOKEN);
    }

    @Test
    void requestsAndTheirHeadersAndBodiesAreNotLogged() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                logged.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        List<Logger> loggers = List.of(Logger.getLogger("org.gitlab4j"), Logger.getLogger("org.glassfish.jersey"));
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        loggers.forEach(logger -> {
            logger.setLevel(Level.ALL);
            logger.addHandler(capture);
        });
        wm.stubFor(post(urlPathEqualTo(api(ProviderType.GITLAB, "/projects/" + REPO_IN_URL + "/merge_requests")))
                .willReturn(json(201, mergeRequest("opened"))));
        try {
            provider(ProviderType.GITLAB).createPullRequest(REPO,
                    new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1 Fix login", "Confidential"));
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).removeHandler(capture);
                loggers.get(i).setLevel(levels.get(i));
            }
        }

        assertThat(logged).noneMatch(line -> line.contains(TOKEN) || line.contains("PRIVATE-TOKEN")
                || line.contains("Confidential") || line.contains("merge_requests"));
    }

    // --- the factory ---

    @Test
    void factoryServesBothGitLabTypes() {
        assertThat(factory.supportedTypes())
                .containsExactlyInAnyOrder(ProviderType.GITLAB, ProviderType.GITLAB_SELF_MANAGED);
    }

    @Test
    void factoryRefusesACredentialOfTheWrongShape() {
        HostEndpoint endpoint = HostEndpoint.of(ProviderType.GITLAB, wm.baseUrl(), null);
        Credential awsKey = new Credential.AwsAccessKey("AKIAEXAMPLEKEY0001", SECRET_KEY);

        assertThatThrownBy(() -> factory.connect(endpoint, awsKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(SECRET_KEY);
    }

    @Test
    void factoryRefusesAnotherFamilysHostType() {
        HostEndpoint endpoint = HostEndpoint.of(ProviderType.GITHUB, wm.baseUrl(), null);

        assertThatThrownBy(() -> factory.connect(endpoint, new Credential.Token(TOKEN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factoryRefusesSelfManagedWithoutABaseUrl() {
        HostEndpoint endpoint = HostEndpoint.of(ProviderType.GITLAB_SELF_MANAGED, null, null);

        assertThatThrownBy(() -> factory.connect(endpoint, new Credential.Token(TOKEN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- GitLab's answers ---

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private void stubProjectsPage(ProviderType type, int page, String nextPage, String... projects) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects"))).withQueryParam("page", equalTo(String.valueOf(page)))
                .willReturn(okJson("[" + String.join(",", projects) + "]")
                        .withHeader("X-Per-Page", "100").withHeader("X-Page", String.valueOf(page))
                        .withHeader("X-Next-Page", nextPage)));
    }

    private void stubSourceBranch(ProviderType type) {
        wm.stubFor(get(urlPathEqualTo(api(type, "/projects/" + REPO_IN_URL + "/repository/branches/main")))
                .willReturn(okJson(branch("main", SHA))));
    }

    private static String project(String pathWithNamespace, String name) {
        return """
                {"id": %d, "name": "%s", "path": "%s", "path_with_namespace": "%s", "default_branch": "main",
                 "web_url": "https://gitlab.example/%s", "http_url_to_repo": "https://gitlab.example/%s.git"}"""
                .formatted(Math.abs(pathWithNamespace.hashCode()), name,
                        pathWithNamespace.substring(pathWithNamespace.lastIndexOf('/') + 1), pathWithNamespace,
                        pathWithNamespace, pathWithNamespace);
    }

    private static String branch(String name, String sha) {
        return """
                {"name": "%s", "commit": {"id": "%s"}, "merged": false, "protected": false, "default": false,
                 "web_url": "https://gitlab.example/%s/-/tree/%s"}""".formatted(name, sha, REPO, name);
    }

    private static String mergeRequest(String state) {
        return """
                {"id": 900, "iid": 12, "title": "JIRA-1 Fix login", "state": "%s",
                 "source_branch": "feature/JIRA-1", "target_branch": "main",
                 "web_url": "https://gitlab.example/%s/-/merge_requests/12"}""".formatted(state, REPO);
    }
}
