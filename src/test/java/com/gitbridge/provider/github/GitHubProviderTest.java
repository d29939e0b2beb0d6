package com.gitbridge.provider.github;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both GitHub host types against WireMock: GITHUB with a non-github.com base URL uses that URL as its API root,
 * GITHUB_ENTERPRISE uses {@code {baseUrl}/api/v3}.
 */
class GitHubProviderTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("ghp_", "integrationToken0000000000001");
    private static final String OTHER_TOKEN = Canary.secret("ghp_", "personalToken00000000000000002");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private final GitHubProviderFactory factory =
            new GitHubProviderFactory(new ProviderTimeouts(Duration.ofSeconds(1), READ_TIMEOUT),
                    TestOutbound.ALLOW_LOCAL);

    @BeforeAll
    static void warmUpWireMock() throws IOException, InterruptedException {
        // WireMock's first answer is slow; keep it out of the 1 s read timeout of the first test.
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(wm.baseUrl() + "/__admin/mappings")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    // --- validate ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void validateReturnsLoginScopesAndExpiryFromTheUserEndpoint(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")
                .withHeader("X-OAuth-Scopes", "repo, read:org")
                .withHeader("github-authentication-token-expiration", "2026-12-05 10:00:00 UTC")));

        var check = provider(type, TOKEN).validate();

        assertThat(check.login()).isEqualTo("octocat");
        assertThat(check.scopes()).containsExactly("repo", "read:org");
        assertThat(check.expiresAt()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        wm.verify(1, getRequestedFor(api(type, "/user"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void validateReportsNoScopesAndNoExpiryForAFineGrainedTokenWithoutExpiry(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")));

        var check = provider(type, TOKEN).validate();

        assertThat(check.login()).isEqualTo("octocat");
        assertThat(check.scopes()).isEmpty();
        assertThat(check.expiresAt()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void validateAsksTheHostEveryTime(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")));
        GitProvider provider = provider(type, TOKEN);

        provider.validate();
        provider.validate();

        wm.verify(2, getRequestedFor(api(type, "/user")));
    }

    @Test
    void tokenExpiryIsReadInGitHubsFormatAndOtherZoneForms() {
        assertThat(GitHubProvider.expiry("2026-12-05 10:00:00 UTC")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(GitHubProvider.expiry("2026-12-05 11:00:00 +0100")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(GitHubProvider.expiry("2026-12-05T10:00:00Z")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(GitHubProvider.expiry("2026-12-05 10:00:00")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(GitHubProvider.expiry("next Tuesday")).isNull();
        assertThat(GitHubProvider.expiry(null)).isNull();
    }

    // --- repositories -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listRepositoriesReadsEveryPageAndFiltersByQueryOnIdOrName(ProviderType type) {
        stubUser(type);
        wm.stubFor(get(api(type, "/user/repos")).withQueryParam("page", absent())
                .willReturn(okJson("[" + repoJson("acme", "site") + "," + repoJson("acme", "App-Web") + "]")
                        .withHeader("Link", link(type, "/user/repos?type=all&per_page=100&page=2"))));
        wm.stubFor(get(api(type, "/user/repos")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + repoJson("app-org", "tools") + "]")
                        .withHeader("Link", link(type, "/user/repos?type=all&per_page=100&page=3"))));
        wm.stubFor(get(api(type, "/user/repos")).withQueryParam("page", equalTo("3"))
                .willReturn(okJson("[" + repoJson("zeta", "docs") + "," + repoJson("acme", "mapper") + "]")));

        List<HostRepository> found = provider(type, TOKEN).listRepositories("APP");

        assertThat(found).extracting(HostRepository::id).containsExactly("acme/App-Web", "acme/mapper", "app-org/tools");
        wm.verify(3, getRequestedFor(api(type, "/user/repos"))
                .withQueryParam("per_page", equalTo("100"))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listRepositoriesWithoutQueryReturnsAllOrderedById(ProviderType type) {
        stubUser(type);
        wm.stubFor(get(api(type, "/user/repos")).willReturn(okJson(
                "[" + repoJson("zeta", "docs") + "," + repoJson("acme", "site") + "," + repoJson("Beta", "x") + "]")));

        List<HostRepository> found = provider(type, TOKEN).listRepositories(" ");

        assertThat(found).extracting(HostRepository::id).containsExactly("acme/site", "Beta/x", "zeta/docs");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void getRepositoryReturnsItsNameDefaultBranchAndUrls(ProviderType type) {
        stubRepository(type);

        HostRepository repository = provider(type, TOKEN).getRepository("acme/app");

        assertThat(repository).isEqualTo(new HostRepository("acme/app", "app", "main",
                "https://github.example/acme/app", "https://github.example/acme/app.git"));
        wm.verify(1, getRequestedFor(api(type, "/repos/acme/app"))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void getRepositoryReportsNotFoundOn404(ProviderType type) {
        wm.stubFor(get(api(type, "/repos/acme/gone")).willReturn(notFound()));

        ProviderException failure = failure(() -> provider(type, TOKEN).getRepository("acme/gone"));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(failure).hasMessageContaining("acme/gone").hasMessageNotContaining(TOKEN);
    }

    @Test
    void getRepositoryRefusesAnIdThatIsNotOwnerSlashName() {
        ProviderException failure = failure(() -> provider(ProviderType.GITHUB, TOKEN).getRepository("acme/../user"));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    // --- branches ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void listBranchesReadsEveryPage(ProviderType type) {
        stubRepository(type);
        wm.stubFor(get(api(type, "/repos/acme/app/branches")).withQueryParam("page", absent())
                .willReturn(okJson("[" + branchJson("main", "aaa") + "," + branchJson("feature/JIRA-1", "bbb") + "]")
                        .withHeader("Link", link(type, "/repos/acme/app/branches?page=2"))));
        wm.stubFor(get(api(type, "/repos/acme/app/branches")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + branchJson("release", "ccc") + "]")));

        List<HostBranch> branches = provider(type, TOKEN).listBranches("acme/app");

        assertThat(branches).containsExactly(
                new HostBranch("feature/JIRA-1", "bbb", "https://github.example/acme/app/tree/feature/JIRA-1"),
                new HostBranch("main", "aaa", "https://github.example/acme/app/tree/main"),
                new HostBranch("release", "ccc", "https://github.example/acme/app/tree/release"));
        wm.verify(2, getRequestedFor(api(type, "/repos/acme/app/branches"))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createBranchCreatesTheRefAtTheSourceBranchTip(ProviderType type) {
        stubRepository(type);
        stubMainRef(type);
        wm.stubFor(post(api(type, "/repos/acme/app/git/refs")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ref\":\"refs/heads/feature/JIRA-1\",\"object\":{\"sha\":\"abc123\",\"type\":\"commit\"}}")));

        HostBranch branch = provider(type, TOKEN).createBranch("acme/app", "feature/JIRA-1", "main");

        assertThat(branch).isEqualTo(new HostBranch("feature/JIRA-1", "abc123",
                "https://github.example/acme/app/tree/feature/JIRA-1"));
        wm.verify(1, getRequestedFor(api(type, "/repos/acme/app/git/refs/heads/main")));
        wm.verify(1, postRequestedFor(api(type, "/repos/acme/app/git/refs"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson("{\"ref\":\"refs/heads/feature/JIRA-1\",\"sha\":\"abc123\"}")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createBranchReportsBranchExistsWhenNameIsTaken(ProviderType type) {
        stubRepository(type);
        stubMainRef(type);
        wm.stubFor(post(api(type, "/repos/acme/app/git/refs")).willReturn(error(422,
                "{\"message\":\"Reference already exists\",\"documentation_url\":\"https://docs.github.com/rest\"}")));

        ProviderException failure = failure(() -> provider(type, TOKEN).createBranch("acme/app", "taken", "main"));

        assertThat(failure.kind()).isEqualTo(Kind.BRANCH_EXISTS);
        assertThat(failure).hasMessageContaining("taken").hasMessageNotContaining(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createBranchReportsHostRejectedForAnInvalidName(ProviderType type) {
        stubRepository(type);
        stubMainRef(type);
        wm.stubFor(post(api(type, "/repos/acme/app/git/refs")).willReturn(error(422,
                "{\"message\":\"Reference name is not a valid ref name\"}")));

        ProviderException failure = failure(() -> provider(type, TOKEN).createBranch("acme/app", "bad~name", "main"));

        assertThat(failure.kind()).isEqualTo(Kind.HOST_REJECTED);
        assertThat(failure).hasMessageContaining("is not a valid ref name");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createBranchReportsNotFoundWhenSourceBranchIsMissing(ProviderType type) {
        stubRepository(type);
        wm.stubFor(get(api(type, "/repos/acme/app/git/refs/heads/nope")).willReturn(notFound()));

        ProviderException failure = failure(() -> provider(type, TOKEN).createBranch("acme/app", "feature", "nope"));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(failure).hasMessageContaining("nope");
        wm.verify(0, postRequestedFor(api(type, "/repos/acme/app/git/refs")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createBranchReportsNotFoundWhenRepositoryIsMissing(ProviderType type) {
        wm.stubFor(get(api(type, "/repos/acme/gone")).willReturn(notFound()));

        ProviderException failure = failure(() -> provider(type, TOKEN).createBranch("acme/gone", "feature", "main"));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(failure).hasMessageContaining("acme/gone");
    }

    @Test
    void createBranchRefusesASourceBranchThatWouldLeaveTheRefPath() {
        stubRepository(ProviderType.GITHUB);

        ProviderException failure = failure(() -> provider(ProviderType.GITHUB, TOKEN)
                .createBranch("acme/app", "feature", "../../../../user"));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    // --- pull requests ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createPullRequestOpensOneFromSourceToTarget(ProviderType type) {
        stubRepository(type);
        wm.stubFor(post(api(type, "/repos/acme/app/pulls")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"number":42,"state":"open","title":"JIRA-1 Fix the thing",
                         "html_url":"https://github.example/acme/app/pull/42","merged_at":null,
                         "head":{"ref":"feature/JIRA-1","sha":"abc123"},"base":{"ref":"main","sha":"def456"}}""")));

        HostPullRequest pull = provider(type, TOKEN).createPullRequest("acme/app",
                new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1 Fix the thing", "Fixes JIRA-1"));

        assertThat(pull).isEqualTo(new HostPullRequest("42", "JIRA-1 Fix the thing", "OPEN",
                "https://github.example/acme/app/pull/42", "feature/JIRA-1", "main"));
        wm.verify(1, postRequestedFor(api(type, "/repos/acme/app/pulls"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"title":"JIRA-1 Fix the thing","head":"feature/JIRA-1","base":"main","body":"Fixes JIRA-1"}""",
                        true, true)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void createPullRequestReportsHostRejectedWithGitHubsMessageWhenOneAlreadyExists(ProviderType type) {
        stubRepository(type);
        wm.stubFor(post(api(type, "/repos/acme/app/pulls")).willReturn(error(422, """
                {"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom",
                 "message":"A pull request already exists for acme:feature/JIRA-1."}]}""")));

        ProviderException failure = failure(() -> provider(type, TOKEN).createPullRequest("acme/app",
                new PullRequestDraft("feature/JIRA-1", "main", "JIRA-1", null)));

        assertThat(failure.kind()).isEqualTo(Kind.HOST_REJECTED);
        assertThat(failure).hasMessageContaining("A pull request already exists for acme:feature/JIRA-1.")
                .hasMessageContaining("422")
                .hasMessageNotContaining(TOKEN);
    }

    // --- failures ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void validateReportsCredentialRejectedOn401(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(error(401, "{\"message\":\"Bad credentials\"}")));

        ProviderException failure = failure(() -> provider(type, TOKEN).validate());

        assertThat(failure.kind()).isEqualTo(Kind.CREDENTIAL_REJECTED);
        assertThat(failure).hasMessageContaining("401").hasMessageNotContaining(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void plain403WithoutRateLimitHeadersIsForbidden(ProviderType type) {
        stubRepository(type);
        wm.stubFor(post(api(type, "/repos/acme/app/pulls")).willReturn(error(403,
                "{\"message\":\"Resource not accessible by personal access token\"}")
                .withHeader("X-RateLimit-Remaining", "4999")));

        ProviderException failure = failure(() -> provider(type, TOKEN).createPullRequest("acme/app",
                new PullRequestDraft("feature", "main", "t", "d")));

        assertThat(failure.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(failure.retryAfter()).isNull();
        assertThat(failure).hasMessageContaining("Resource not accessible").hasMessageNotContaining(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void status429IsRateLimitedWithRetryAfterAndIsNotRetried(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(error(429, "{\"message\":\"Too many requests\"}")
                .withHeader("Retry-After", "30")));

        ProviderException failure = failure(() -> provider(type, TOKEN).validate());

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failure).hasMessageNotContaining(TOKEN);
        wm.verify(1, getRequestedFor(api(type, "/user")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void exhausted403IsRateLimitedUntilTheResetTime(ProviderType type) {
        long reset = Instant.now().getEpochSecond() + 120;
        wm.stubFor(get(api(type, "/user")).willReturn(error(403, "{\"message\":\"API rate limit exceeded\"}")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", String.valueOf(reset))));

        ProviderException failure = failure(() -> provider(type, TOKEN).validate());

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
        wm.verify(1, getRequestedFor(api(type, "/user")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void secondaryRateLimit403WithRetryAfterIsRateLimited(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(error(403,
                "{\"message\":\"You have exceeded a secondary rate limit\"}").withHeader("Retry-After", "60")));

        ProviderException failure = failure(() -> provider(type, TOKEN).validate());

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void serverErrorIsHostUnavailableAndThePostIsNotRetried(ProviderType type) {
        stubRepository(type);
        stubMainRef(type);
        wm.stubFor(post(api(type, "/repos/acme/app/git/refs")).willReturn(error(502, "{\"message\":\"Server Error\"}")));

        ProviderException failure = failure(() -> provider(type, TOKEN).createBranch("acme/app", "feature", "main"));

        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(failure).hasMessageContaining("502").hasMessageNotContaining(TOKEN);
        wm.verify(1, postRequestedFor(api(type, "/repos/acme/app/git/refs")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void connectionResetIsHostUnavailableAndThePostIsNotRetried(ProviderType type) {
        stubRepository(type);
        stubMainRef(type);
        wm.stubFor(post(api(type, "/repos/acme/app/git/refs"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ProviderException failure = failure(() -> provider(type, TOKEN).createBranch("acme/app", "feature", "main"));

        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(failure).hasMessageNotContaining(TOKEN);
        wm.verify(1, postRequestedFor(api(type, "/repos/acme/app/git/refs")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void slowAnswerTimesOutAsHostUnavailable(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"login\":\"octocat\"}").withFixedDelay(2000)));
        GitProvider provider = warmedUp(type);

        long started = System.nanoTime();
        ProviderException failure = failure(provider::validate);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(failure).hasMessageNotContaining(TOKEN);
        assertThat(waited).isLessThan(Duration.ofMillis(1800));
        wm.verify(1, getRequestedFor(api(type, "/user")));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void bodyThatStallsAfterTheHeadersStillTimesOut(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"login\":\"octocat\",\"id\":1,\"name\":\"Mona\"}")
                .withChunkedDribbleDelay(5, 3000)));
        GitProvider provider = warmedUp(type);

        long started = System.nanoTime();
        ProviderException failure = failure(provider::validate);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(waited).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void refusedConnectionIsHostUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GitProvider provider = factory.connect(
                HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, "http://localhost:" + closedPort, null),
                new Credential.Token(TOKEN));

        ProviderException failure = failure(provider::validate);

        assertThat(failure.kind()).isEqualTo(Kind.HOST_UNAVAILABLE);
        assertThat(failure).hasMessageNotContaining(TOKEN);
    }

    // --- credentials and factory ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void twoProvidersFromOneFactoryEachSendOnlyTheirOwnCredential(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).withHeader("Authorization", equalTo("token " + TOKEN))
                .willReturn(okJson("{\"login\":\"integration-bot\"}")));
        wm.stubFor(get(api(type, "/user")).withHeader("Authorization", equalTo("token " + OTHER_TOKEN))
                .willReturn(okJson("{\"login\":\"alice\"}")));
        GitProvider integration = provider(type, TOKEN);
        GitProvider personal = provider(type, OTHER_TOKEN);

        assertThat(personal.validate().login()).isEqualTo("alice");
        assertThat(integration.validate().login()).isEqualTo("integration-bot");
        assertThat(personal.validate().login()).isEqualTo("alice");

        wm.verify(1, getRequestedFor(api(type, "/user")).withHeader("Authorization", equalTo("token " + TOKEN)));
        wm.verify(2, getRequestedFor(api(type, "/user")).withHeader("Authorization", equalTo("token " + OTHER_TOKEN)));
        assertThat(wm.getAllServeEvents()).hasSize(3);
    }

    @Test
    void factoryServesBothGitHubTypes() {
        assertThat(factory.supportedTypes())
                .containsExactlyInAnyOrder(ProviderType.GITHUB, ProviderType.GITHUB_ENTERPRISE);
    }

    @Test
    void factoryRefusesACredentialThatIsNotAToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> factory.connect(
                HostEndpoint.of(ProviderType.GITHUB, null, null), new Credential.AwsAccessKey("AKIAEXAMPLE", Canary.secret("", "secret"))));
    }

    @Test
    void factoryRefusesAnEnterpriseEndpointWithoutBaseUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> factory.connect(
                HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, null, null), new Credential.Token(TOKEN)));
    }

    @Test
    void apiRootIsApiGitHubComForGitHubComTheBaseUrlForOtherGitHubHostsAndApiV3ForEnterprise() {
        assertThat(GitHubProviderFactory.apiUrl(HostEndpoint.of(ProviderType.GITHUB, null, null)))
                .isEqualTo("https://api.github.com");
        assertThat(GitHubProviderFactory.apiUrl(HostEndpoint.of(ProviderType.GITHUB, "https://github.com/", null)))
                .isEqualTo("https://api.github.com");
        assertThat(GitHubProviderFactory.apiUrl(HostEndpoint.of(ProviderType.GITHUB, "http://localhost:8089", null)))
                .isEqualTo("http://localhost:8089");
        assertThat(GitHubProviderFactory.apiUrl(
                HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, "https://git.acme.example/", null)))
                .isEqualTo("https://git.acme.example/api/v3");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private GitProvider provider(ProviderType type, String token) {
        return factory.connect(HostEndpoint.of(type, wm.baseUrl(), null), new Credential.Token(token));
    }

    /** A provider that has made one quick call, so that timing a later call does not count class loading. */
    private GitProvider warmedUp(ProviderType type) {
        stubRepository(type);
        GitProvider provider = provider(type, TOKEN);
        provider.getRepository("acme/app");
        return provider;
    }

    private static UrlPathPattern api(ProviderType type, String path) {
        return urlPathEqualTo(prefix(type) + path);
    }

    private static String prefix(ProviderType type) {
        return type == ProviderType.GITHUB_ENTERPRISE ? "/api/v3" : "";
    }

    private static String link(ProviderType type, String pathAndQuery) {
        return "<" + wm.baseUrl() + prefix(type) + pathAndQuery + ">; rel=\"next\"";
    }

    private static ProviderException failure(ThrowingCallable call) {
        ProviderException failure = catchThrowableOfType(ProviderException.class, call);
        assertThat(failure).as("a ProviderException").isNotNull();
        return failure;
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder notFound() {
        return error(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }

    private static void stubUser(ProviderType type) {
        wm.stubFor(get(api(type, "/user")).willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")));
    }

    private static void stubRepository(ProviderType type) {
        wm.stubFor(get(api(type, "/repos/acme/app")).willReturn(okJson(repoJson("acme", "app"))));
    }

    private static void stubMainRef(ProviderType type) {
        wm.stubFor(get(api(type, "/repos/acme/app/git/refs/heads/main")).willReturn(okJson(
                "{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"abc123\",\"type\":\"commit\"}}")));
    }

    private static String repoJson(String owner, String name) {
        return """
                {"id":%d,"name":"%s","full_name":"%s/%s","default_branch":"main",
                 "html_url":"https://github.example/%s/%s","clone_url":"https://github.example/%s/%s.git"}"""
                .formatted(Math.abs((owner + name).hashCode()), name, owner, name, owner, name, owner, name);
    }

    private static String branchJson(String name, String sha) {
        return "{\"name\":\"%s\",\"commit\":{\"sha\":\"%s\"},\"protected\":false}".formatted(name, sha);
    }
}
