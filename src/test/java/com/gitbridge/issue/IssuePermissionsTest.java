package com.gitbridge.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithRepositories;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who may use an issue's development data and actions: Jira's answer for that user and that issue (browse it, its
 * security level included, and view development tools on it), and integrations limited to some Jira projects.
 * Whatever the user may not use answers exactly as what does not exist, and no git host hears of it.
 */
class IssuePermissionsTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ABC = 10000;
    private static final long OPS = 20000;
    private static final String SECRET_SUMMARY = "Merger with Initech";

    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String developer = "developer-" + UUID.randomUUID();
    private final String browser = "browser-" + UUID.randomUUID();
    private final String outsider = "outsider-" + UUID.randomUUID();
    private final GitHubEnterpriseWithRepositories host = new GitHubEnterpriseWithRepositories();
    private TestTenant site;
    private String integrationId;

    /** A request to one of the issue routes. */
    private record Route(String method, String path, String body) {
    }

    @BeforeEach
    void siteWithASecuredIssue() {
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin)
                .developer(developer, ABC).developer(developer, OPS).browser(browser, ABC)
                .issue("ABC-1", "Fix the login", ABC, "ABC")
                .issue("ABC-2", SECRET_SUMMARY, ABC, "ABC").secured("ABC-2")
                .issue("OPS-1", "Rotate the certificates", OPS, "OPS"));
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        integrationId = addIntegration(site, admin, host, credential, false);
    }

    /** Every route of an issue, for {@code issueKey}, acting through {@code integration} where one is named. */
    private static List<Route> routes(String issueKey, String integration) {
        String issue = "/api/issues/" + issueKey;
        return List.of(
                new Route("GET", issue + "/development", null),
                new Route("GET", issue + "/suggestions", null),
                new Route("GET", issue + "/integrations", null),
                new Route("GET", issue + "/repositories?integrationId=" + integration, null),
                new Route("GET", issue + "/repository-branches?integrationId=" + integration + "&repository=acme/web", null),
                new Route("POST", issue + "/branches", """
                        {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-new"}"""
                        .formatted(integration)),
                new Route("POST", issue + "/pull-requests", """
                        {"integrationId":"%s","repository":"acme/web","sourceBranch":"abc-new","targetBranch":"main",
                         "title":"T"}""".formatted(integration)));
    }

    private HttpResponse<String> send(Route route, String account) {
        return http.send(route.method(), route.path(), site.contextJwt(account), route.body());
    }

    private int auditEntries() {
        return jdbc.queryForObject("select count(*) from audit_entry where tenant_id = ?", Integer.class, site.clientKey());
    }

    /** On every route, {@code account} gets for {@code issueKey} exactly what it gets for the unknown {@code unknownKey}. */
    private void answersAsForAnUnknownIssue(String account, String issueKey, String unknownKey) throws Exception {
        int hostCalls = host.requestsWithAnyCredential();
        int audited = auditEntries();
        List<Route> refused = routes(issueKey, integrationId);
        List<Route> unknown = routes(unknownKey, integrationId);
        for (int i = 0; i < refused.size(); i++) {
            var answer = send(refused.get(i), account);
            var unknownAnswer = send(unknown.get(i), account);
            assertThat(answer.statusCode()).as(refused.get(i) + " " + answer.body()).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).path("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(answer.body().replace(issueKey, unknownKey)).as(refused.get(i).toString())
                    .isEqualTo(unknownAnswer.body());
            assertThat(answer.body()).doesNotContain(SECRET_SUMMARY).doesNotContain("Fix the login");
        }
        assertThat(host.requestsWithAnyCredential()).as("requests that reached the host").isEqualTo(hostCalls);
        assertThat(auditEntries()).isEqualTo(audited);
    }

    @Test
    void anIssueHiddenByItsSecurityLevelAnswersExactlyAsAnUnknownOne() throws Exception {
        assertThat(send(routes("ABC-1", integrationId).get(1), developer).body()).as("the project's other issues")
                .contains("Fix the login");

        answersAsForAnUnknownIssue(developer, "ABC-2", "ABC-9");
    }

    @Test
    void withoutViewDevelopmentToolsAVisibleIssueIsRefusedAndTheHostHearsNothing() throws Exception {
        int hostCalls = host.requestsWithAnyCredential();
        int audited = auditEntries();
        for (Route route : routes("ABC-1", integrationId)) {
            var answer = send(route, browser);
            assertThat(answer.statusCode()).as(route + " " + answer.body()).isEqualTo(403);
            assertThat(JSON.readTree(answer.body()).path("code").asText()).isEqualTo("NOT_ALLOWED");
            assertThat(answer.body()).doesNotContain(SECRET_SUMMARY).doesNotContain("Fix the login");
        }
        assertThat(host.requestsWithAnyCredential()).as("requests that reached the host").isEqualTo(hostCalls);
        assertThat(auditEntries()).isEqualTo(audited);
    }

    @Test
    void anIssueOfAProjectTheUserCannotBrowseAnswersExactlyAsAnUnknownOne() throws Exception {
        answersAsForAnUnknownIssue(outsider, "ABC-1", "ABC-9");
    }

    @Test
    void theDeveloperUsesTheVisibleIssueOnEveryRoute() throws Exception {
        for (Route route : routes("ABC-1", integrationId)) {
            var answer = send(route, developer);
            assertThat(answer.statusCode()).as(route + " " + answer.body()).isIn(200, 201);
        }
    }

    @Test
    void anIntegrationLimitedToOtherProjectsDoesNotExistForTheIssue() throws Exception {
        TestCredential opsCredential = host.newCredential();
        host.accept(opsCredential, "ops-bot");
        String opsOnly = addIntegration(site, admin, host, opsCredential, false);
        var limited = http.send("PATCH", "/api/integrations/" + opsOnly, site.contextJwt(admin), "{\"projectKeys\":[\"ops\"]}");
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(200);
        indexedCommit(integrationId, "acme/web", "a".repeat(40), "ABC-1", "ABC-1 open work");
        indexedCommit(opsOnly, "ops/infra", "b".repeat(40), "ABC-1", "ABC-1 mentioned in the ops repository");
        indexedCommit(opsOnly, "ops/deploy", "c".repeat(40), "OPS-1", "OPS-1 rotate");

        JsonNode abc = JSON.readTree(http.get("/api/issues/ABC-1/development", site.contextJwt(developer)).body());
        assertThat(abc.path("commits")).extracting(commit -> commit.path("sha").asText()).containsExactly("a".repeat(40));
        assertThat(abc.toString()).doesNotContain(opsOnly).doesNotContain("ops/infra");
        JsonNode offered = JSON.readTree(http.get("/api/issues/ABC-1/integrations", site.contextJwt(developer)).body());
        assertThat(offered).extracting(integration -> integration.path("id").asText()).containsExactly(integrationId);

        int opsCalls = host.requestsWith(opsCredential);
        String unknownIntegration = UUID.randomUUID().toString();
        List<Route> withLimited = routes("ABC-1", opsOnly).subList(3, 7);
        List<Route> withUnknown = routes("ABC-1", unknownIntegration).subList(3, 7);
        for (int i = 0; i < withLimited.size(); i++) {
            var answer = send(withLimited.get(i), developer);
            assertThat(answer.statusCode()).as(withLimited.get(i) + " " + answer.body()).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).path("detail").asText()).isEqualTo("Integration not found");
            assertThat(answer.body().replace(opsOnly, unknownIntegration)).isEqualTo(send(withUnknown.get(i), developer).body());
        }
        assertThat(host.requestsWith(opsCredential)).as("requests that reached the host as ops-bot").isEqualTo(opsCalls);

        // In its own project the integration is there.
        JsonNode ops = JSON.readTree(http.get("/api/issues/OPS-1/development", site.contextJwt(developer)).body());
        assertThat(ops.path("commits")).extracting(commit -> commit.path("sha").asText()).containsExactly("c".repeat(40));
        JsonNode offeredOnOps = JSON.readTree(http.get("/api/issues/OPS-1/integrations", site.contextJwt(developer)).body());
        assertThat(offeredOnOps).extracting(integration -> integration.path("id").asText())
                .containsExactlyInAnyOrder(integrationId, opsOnly);
        var repositories = http.get("/api/issues/OPS-1/repositories?integrationId=" + opsOnly, site.contextJwt(developer));
        assertThat(repositories.statusCode()).as(repositories.body()).isEqualTo(200);
    }

    private void indexedCommit(String integration, String repository, String sha, String issueKey, String message) {
        String repositoryPk = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, reindex_requested, version)
                values (?, ?, ?, ?, 'GITHUB_ENTERPRISE', ?, ?, 'main', 'DONE', 1, false, 0)""",
                repositoryPk, site.clientKey(), integration, repository, "https://ghe.example/" + repository,
                "https://ghe.example/" + repository + ".git");
        jdbc.update("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, ?, ?, ?, ?, 'Ada', current_timestamp)""", repositoryPk, sha, issueKey, site.clientKey(), message);
    }
}
