package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The host or its git server fails in the middle of indexing a repository: the repository is marked FAILED with a
 * reason a person can read and no secret, and the next run ends with exactly the rows a clean index of the same
 * repository stores (compared with a second integration that indexed it without faults).
 */
class IndexingFaultsTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer HOSTS = TestHosts.server();

    @TempDir
    Path work;
    @Autowired
    RepositoryDiscovery discovery;
    @Autowired
    RepositoryIndexing indexing;
    @Autowired
    IndexedRepositories repositories;
    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private TestTenant site;
    private SourceRepository source;

    /** A fault, started on a host and its git server, that {@link #heal} undoes. */
    interface Fault {
        Runnable start(HostUnderTest host);
    }

    record HostUnderTest(GitHubEnterpriseHost host, TestCredential credential, GitHttpServer git, String api) {
    }

    static List<Named<Fault>> faults() {
        return List.of(
                Named.of("git server answers 503", host -> {
                    host.git().respondWith(503);
                    return () -> host.git().respondWith(0);
                }),
                Named.of("git connection drops in the middle of the pack", host -> {
                    host.git().resetPacksAfter(2_000);
                    return () -> host.git().resetPacksAfter(-1);
                }),
                Named.of("pull request listing answers 500 on page 2", host -> failPage2(host,
                        aResponse().withStatus(500).withBody("{\"message\":\"Server Error\"}"))),
                Named.of("pull request listing resets the connection on page 2", host -> failPage2(host,
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))));
    }

    private static Runnable failPage2(HostUnderTest host, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fault) {
        var stub = HOSTS.stubFor(get(urlPathEqualTo(host.api() + "/repos/acme/web/pulls")).atPriority(1)
                .withQueryParam("page", equalTo("2")).willReturn(fault));
        return () -> HOSTS.removeStub(stub);
    }

    @BeforeEach
    void setUp() {
        String sitePath = "/jira-" + UUID.randomUUID();
        site = tenant(new JiraStub(sitePath).administrator(admin));
        HOSTS.stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/project/search"))
                .willReturn(okJson("{\"values\":[{\"id\":\"10000\",\"key\":\"ABC\"}],\"isLast\":true}")));
        source = SourceRepository.create(work.resolve("source"));
        source.commits(300, i -> i % 2 == 0 ? "ABC-" + i + " change " + i : "change " + i);
        source.branch("abc-7-feature");
        source.commit("ABC-7 Work on the feature branch");
        source.checkout("main");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void failedRunIsMarkedWithAReadableReasonAndTheNextRunEndsLikeACleanIndex(Fault fault) throws Exception {
        try (GitHttpServer faultyGit = new GitHttpServer(source.repository(), "/acme/web.git");
             GitHttpServer cleanGit = new GitHttpServer(source.repository(), "/acme/web.git")) {
            HostUnderTest faulty = host(faultyGit);
            String repository = discover(faulty);
            String clean = discover(host(cleanGit));
            indexing.run(clean);
            assertThat(state(clean)).containsEntry("state", "DONE");

            Runnable heal = fault.start(faulty);
            indexing.run(repository);

            Map<String, Object> failed = state(repository);
            assertThat(failed).containsEntry("state", "FAILED");
            String reason = (String) failed.get("error");
            assertThat(reason).isNotBlank().doesNotContain(faulty.credential().secret())
                    .doesNotContainPattern("(?i)exception|\\bat [a-z]+\\.");
            System.out.println("Indexing failure reason shown to admins: " + reason);

            heal.run();
            indexing.run(repository);

            assertThat(state(repository)).containsEntry("state", "DONE").containsEntry("error", null);
            assertThat(rows(repository)).isEqualTo(rows(clean));
            assertThat(rows(repository).get("commits")).hasSize(151);
            assertThat(rows(repository).get("pull requests")).hasSize(3);
        }
    }

    /** The guard sees the clone URL the host gave before anything is fetched, and the reason is the guard's. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "clone URL with user information | http://someone@ | The clone URL must be a plain https://host/path URL, without credentials, query or fragment",
            "no clone URL                    |                 | The host gave no clone URL"})
    void aCloneUrlTheGuardRefusesIsNeverFetched(String what, String userInfo, String reason) throws Exception {
        try (GitHttpServer git = new GitHttpServer(source.repository(), "/acme/web.git")) {
            String cloneUrl = userInfo == null ? null : git.url().replace("http://", userInfo);
            String repository = discover(host(git, cloneUrl == null ? "null" : "\"" + cloneUrl + "\""));

            indexing.run(repository);

            assertThat(state(repository)).containsEntry("state", "FAILED").containsEntry("error", reason);
            assertThat(git.requests()).isZero();
        }
    }

    private HostUnderTest host(GitHttpServer git) {
        return host(git, "\"" + git.url() + "\"");
    }

    /** @param cloneUrl the clone URL as the host's JSON holds it */
    private HostUnderTest host(GitHttpServer git, String cloneUrl) {
        git.inFrontOf(TestHosts.baseUrl());
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        git.requireBasic("x-access-token", credential.secret());
        String api = host.baseUrl().substring(TestHosts.baseUrl().length()) + "/api/v3";
        var auth = equalTo("token " + credential.secret());
        HOSTS.stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(4).withHeader("Authorization", auth)
                .willReturn(okJson("""
                        [{"id":1,"name":"web","full_name":"acme/web","default_branch":"main",
                          "html_url":"https://ghe.example/acme/web","clone_url":%s}]""".formatted(cloneUrl))));
        String pulls = git.through(TestHosts.baseUrl() + api + "/repos/acme/web/pulls");
        HOSTS.stubFor(get(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(4).withHeader("Authorization", auth)
                .withQueryParam("page", absent())
                .willReturn(okJson("[" + pull(9, "2024-05-05T10:00:00Z") + "," + pull(8, "2024-05-04T10:00:00Z") + "]")
                        .withHeader("Link", "<" + pulls + "?state=all&sort=updated&direction=desc&per_page=100&page=2>; rel=\"next\"")));
        HOSTS.stubFor(get(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(4).withHeader("Authorization", auth)
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + pull(7, "2024-05-03T10:00:00Z") + "]")));
        return new HostUnderTest(host, credential, git, api);
    }

    /** Adds an integration for {@code host} and lets discovery find its repository; the repository's row id. */
    private String discover(HostUnderTest host) throws Exception {
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}"""
                .formatted(host.git().through(host.host().baseUrl()), host.credential().json()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String integrationId = JSON.readTree(created.body()).path("id").asText();
        discovery.discover(integrationId);
        List<IndexedRepository> found = repositories.findByIntegrationId(integrationId);
        assertThat(found).hasSize(1);
        return found.get(0).id();
    }

    private Map<String, Object> state(String repositoryPk) {
        return jdbc.queryForMap("select state, error from indexed_repository where id = ?", repositoryPk);
    }

    /** Everything indexed of the repository, without the repository's own id, in a stable order. */
    private Map<String, List<Map<String, Object>>> rows(String repositoryPk) {
        Function<String, List<Map<String, Object>>> query = sql -> jdbc.queryForList(sql, repositoryPk);
        return Map.of(
                "commits", query.apply("select sha, issue_key, tenant_id, message, author, committed_at from indexed_commit "
                        + "where repository_pk = ? order by sha, issue_key"),
                "branches", query.apply("select name, issue_key, tenant_id from indexed_branch where repository_pk = ? "
                        + "order by name, issue_key"),
                "refs", query.apply("select name, sha from indexed_ref where repository_pk = ? order by name"),
                "pull requests", query.apply("select pull_request, issue_key, tenant_id, title, state, url, source_branch, "
                        + "target_branch, author, updated_at from indexed_pull_request where repository_pk = ? "
                        + "order by pull_request, issue_key"));
    }

    private static String pull(int number, String updatedAt) {
        return """
                {"number":%1$d,"state":"open","title":"ABC-%1$d title","body":"Fixes ABC-%1$d",
                 "html_url":"https://ghe.example/acme/web/pull/%1$d",
                 "created_at":"2024-01-01T00:00:00Z","updated_at":"%2$s","merged_at":null,
                 "user":{"login":"alice","id":1},
                 "head":{"ref":"feature/ABC-%1$d","sha":"abc%1$d"},"base":{"ref":"main","sha":"def456"}}"""
                .formatted(number, updatedAt);
    }
}
