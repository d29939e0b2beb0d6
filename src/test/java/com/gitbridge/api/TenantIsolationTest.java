package com.gitbridge.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DatabaseSnapshot;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithRepositories;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Site A's integrations, tokens, index and audit trail are invisible and untouchable from site B, on every {@code /api}
 * route Spring knows (a new route fails {@link #everyApiRouteIsCoveredBelow} until it is added here). Within a site, a
 * user's personal access token acts for that user alone. Webhook secrets open only their own integration.
 */
class TenantIsolationTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROJECT_ID = 10000;
    private static final String ISSUE = "ABC-1";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final String adminA = "admin-a-" + UUID.randomUUID();
    // Atlassian account ids are global: the same person can use both sites.
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String mallory = "mallory-" + UUID.randomUUID();
    private final GitHubEnterpriseWithRepositories host = new GitHubEnterpriseWithRepositories();
    private TestTenant siteA;
    private TestTenant siteB;
    private TestCredential integrationCredential;
    private TestCredential alicePat;
    private String integrationId;
    private String webhookPath;
    private final String commitMessage = "ABC-1 secret work of site A " + UUID.randomUUID();

    /** Site A: an integration requiring user PATs, alice's PAT, a branch she created, an indexed commit. */
    @BeforeEach
    void twoSites() throws Exception {
        siteA = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(adminA).developer(alice, PROJECT_ID)
                .developer(bob, PROJECT_ID).issue(ISSUE, "Fix the login", PROJECT_ID, "ABC"));
        // On site B mallory is a Jira administrator and may view development tools; alice works there too.
        siteB = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(mallory).developer(mallory, PROJECT_ID)
                .developer(alice, PROJECT_ID).issue(ISSUE, "Site B's own issue", PROJECT_ID, "ABC"));

        integrationCredential = host.newCredential();
        host.accept(integrationCredential, "integration-bot");
        JsonNode integration = created(http.send("POST", "/api/integrations", siteA.contextJwt(adminA), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s,"requireUserPat":true}
                """.formatted(host.baseUrl(), integrationCredential.json())));
        integrationId = integration.path("id").asText();
        webhookPath = integration.path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
        alicePat = host.newCredential();
        host.accept(alicePat, "alice-on-host");
        assertThat(saveToken(siteA, alice, integrationId, alicePat).statusCode()).isEqualTo(200);
        assertThat(createBranch(siteA, alice, integrationId).statusCode()).isEqualTo(201);

        String repositoryPk = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, last_indexed_at, reindex_requested, version)
                values (?, ?, ?, 'acme/web', 'GITHUB_ENTERPRISE', 'https://ghe.example/acme/web', 'https://ghe.example/acme/web.git',
                    'main', 'DONE', 1, current_timestamp, false, 0)""", repositoryPk, siteA.clientKey(), integrationId);
        jdbc.update("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?, ?, 'Alice', current_timestamp)""",
                repositoryPk, ISSUE, siteA.clientKey(), commitMessage);
    }

    private static JsonNode created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> saveToken(TestTenant site, String account, String integration, TestCredential credential) {
        return http.send("PUT", "/api/me/tokens/" + integration, site.contextJwt(account), credential.json());
    }

    private HttpResponse<String> createBranch(TestTenant site, String account, String integration) {
        return http.send("POST", "/api/issues/" + ISSUE + "/branches", site.contextJwt(account), """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1-%s"}
                """.formatted(integration, UUID.randomUUID()));
    }

    /** One request of site B aimed at site A, and what must come of it. */
    private record Attack(String method, String path, String account, String body, Consumer<HttpResponse<String>> expectation) {
    }

    private static Consumer<HttpResponse<String>> notFound() {
        return response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
        };
    }

    /** A list of site B's own: nothing of site A in it. */
    private Consumer<HttpResponse<String>> nothingOfSiteA() {
        return response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("[").doesNotContain(integrationId).doesNotContain("\"Acme\"")
                    .doesNotContain("alice-on-host");
        };
    }

    /** For every {@code /api} route ("METHOD pattern"), what site B tries against site A. */
    private Map<String, List<Attack>> attacks() {
        String id = integrationId;
        String branch = """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1-mallory"}""".formatted(id);
        String pullRequest = """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"abc-1-x","targetBranch":"main","title":"T"}""".formatted(id);
        Consumer<HttpResponse<String>> noIssueDataOfSiteA = response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContain(commitMessage).doesNotContain(id).doesNotContain("Fix the login");
        };
        Map<String, List<Attack>> attacks = new LinkedHashMap<>();
        attacks.put("GET /api/integrations", List.of(new Attack("GET", "/api/integrations", mallory, null, nothingOfSiteA())));
        attacks.put("POST /api/integrations", List.of(new Attack("POST", "/api/integrations", mallory,
                // Fields that are not part of the API, naming site A: ignored, not bound.
                """
                {"id":"%s","tenantId":"%s","type":"GITHUB_ENTERPRISE","name":"Mallory","baseUrl":"%s","credential":%s}
                """.formatted(id, siteA.clientKey(), host.baseUrl(), integrationCredential.json()),
                response -> {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                    assertThat(response.body()).doesNotContain(id);
                })));
        attacks.put("PATCH /api/integrations/{id}", List.of(new Attack("PATCH", "/api/integrations/" + id, mallory,
                "{\"name\":\"Taken\",\"requireUserPat\":false}", notFound())));
        attacks.put("DELETE /api/integrations/{id}", List.of(new Attack("DELETE", "/api/integrations/" + id, mallory, null, notFound())));
        attacks.put("GET /api/integrations/{id}/repositories", List.of(
                new Attack("GET", "/api/integrations/" + id + "/repositories?query=web", mallory, null, notFound())));
        attacks.put("GET /api/integrations/{integrationId}/index-status", List.of(
                new Attack("GET", "/api/integrations/" + id + "/index-status", mallory, null, notFound())));
        attacks.put("POST /api/integrations/{integrationId}/reindex", List.of(
                new Attack("POST", "/api/integrations/" + id + "/reindex", mallory, null, notFound())));
        attacks.put("POST /api/integrations/{id}/webhook-secret", List.of(
                new Attack("POST", "/api/integrations/" + id + "/webhook-secret", mallory, null, notFound())));
        attacks.put("GET /api/me/tokens", List.of(new Attack("GET", "/api/me/tokens", alice, null, nothingOfSiteA())));
        attacks.put("PUT /api/me/tokens/{integrationId}", List.of(
                new Attack("PUT", "/api/me/tokens/" + id, alice, alicePat.json(), notFound()),
                new Attack("PUT", "/api/me/tokens/" + id, mallory, alicePat.json(), notFound())));
        attacks.put("DELETE /api/me/tokens/{integrationId}", List.of(
                new Attack("DELETE", "/api/me/tokens/" + id, alice, null, notFound()),
                new Attack("DELETE", "/api/me/tokens/" + id, mallory, null, notFound())));
        attacks.put("GET /api/audit", List.of(
                new Attack("GET", "/api/audit", mallory, null, nothingOfSiteA()),
                new Attack("GET", "/api/audit?integrationId=" + id, mallory, null, notFound())));
        attacks.put("GET /api/issues/{issueKey}/development", List.of(
                new Attack("GET", "/api/issues/" + ISSUE + "/development", mallory, null, noIssueDataOfSiteA)));
        attacks.put("GET /api/issues/{issueKey}/suggestions", List.of(
                new Attack("GET", "/api/issues/" + ISSUE + "/suggestions", mallory, null, noIssueDataOfSiteA)));
        attacks.put("GET /api/issues/{issueKey}/integrations", List.of(
                new Attack("GET", "/api/issues/" + ISSUE + "/integrations", mallory, null, nothingOfSiteA())));
        attacks.put("GET /api/issues/{issueKey}/repositories", List.of(
                new Attack("GET", "/api/issues/" + ISSUE + "/repositories?integrationId=" + id, mallory, null, notFound()),
                new Attack("GET", "/api/issues/" + ISSUE + "/repositories?integrationId=" + id, alice, null, notFound())));
        attacks.put("GET /api/issues/{issueKey}/repository-branches", List.of(new Attack("GET",
                "/api/issues/" + ISSUE + "/repository-branches?integrationId=" + id + "&repository=acme/web", mallory, null, notFound())));
        attacks.put("POST /api/issues/{issueKey}/branches", List.of(
                new Attack("POST", "/api/issues/" + ISSUE + "/branches", mallory, branch, notFound()),
                new Attack("POST", "/api/issues/" + ISSUE + "/branches", alice, branch, notFound())));
        attacks.put("POST /api/issues/{issueKey}/pull-requests", List.of(
                new Attack("POST", "/api/issues/" + ISSUE + "/pull-requests", mallory, pullRequest, notFound()),
                new Attack("POST", "/api/issues/" + ISSUE + "/pull-requests", alice, pullRequest, notFound())));
        return attacks;
    }

    /** Every "METHOD pattern" under {@code /api} that Spring MVC dispatches. */
    private TreeSet<String> apiRoutes() {
        TreeSet<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/") || pattern.equals("/api"))
                .forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> routes.add(method.name() + " " + pattern))));
        return routes;
    }

    @Test
    void everyApiRouteIsCoveredBelow() {
        assertThat(apiRoutes()).as("routes under /api (add an attack for a new one)").isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(attacks().keySet());
    }

    @Test
    void siteBNeverReadsChangesOrUsesSiteAsIntegrationTokensOrIndex() {
        var siteABefore = DatabaseSnapshot.ofTenant(jdbc, siteA.clientKey());
        int integrationAccountCalls = host.requestsWith(integrationCredential);
        int aliceCalls = host.requestsWith(alicePat);
        int allowedIntegrationAccountCalls = 0;

        for (var route : attacks().entrySet()) {
            for (Attack attack : route.getValue()) {
                var before = DatabaseSnapshot.of(jdbc);
                var response = http.send(attack.method(), attack.path(), siteB.contextJwt(attack.account()), attack.body());
                assertThat(response.statusCode()).as("%s %s", attack.method(), attack.path()).isLessThan(500);
                attack.expectation().accept(response);
                if (attack.method().equals("POST") && attack.path().equals("/api/integrations")) {
                    // Site B added an integration of its own, checking the credential with the host once.
                    allowedIntegrationAccountCalls++;
                } else {
                    assertThat(DatabaseSnapshot.of(jdbc)).as("%s %s changed the database", attack.method(), attack.path())
                            .isEqualTo(before);
                }
            }
        }

        assertThat(DatabaseSnapshot.ofTenant(jdbc, siteA.clientKey())).isEqualTo(siteABefore);
        assertThat(host.requestsWith(alicePat)).isEqualTo(aliceCalls);
        assertThat(host.requestsWith(integrationCredential)).isEqualTo(integrationAccountCalls + allowedIntegrationAccountCalls);
    }

    @Test
    void aUsersBranchIsCreatedWithTheirOwnTokenNeverAnothers() throws Exception {
        TestCredential bobPat = host.newCredential();
        host.accept(bobPat, "bob-on-host");
        int aliceCalls = host.requestsWith(alicePat);
        var refs = postRequestedFor(urlPathEqualTo(host.apiPath() + "/repos/acme/web/git/refs"));
        int branchesBefore = TestHosts.server().findAll(refs).size();

        // Without a token of his own, bob is sent to set one up: alice's is not borrowed.
        var withoutToken = createBranch(siteA, bob, integrationId);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(withoutToken.body()).path("code").asText()).isEqualTo("USER_PAT_REQUIRED");
        assertThat(host.requestsWith(alicePat)).isEqualTo(aliceCalls);

        assertThat(saveToken(siteA, bob, integrationId, bobPat).statusCode()).isEqualTo(200);
        var branch = createBranch(siteA, bob, integrationId);
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(201);
        assertThat(JSON.readTree(branch.body()).path("createdBy").asText()).isEqualTo("bob-on-host");

        var creations = TestHosts.server().findAll(refs);
        assertThat(creations).hasSize(branchesBefore + 1);
        assertThat(creations.get(creations.size() - 1).getHeader("Authorization")).isEqualTo("token " + bobPat.secret());
        assertThat(host.requestsWith(alicePat)).isEqualTo(aliceCalls);
        // alice's token is still hers, unchanged.
        JsonNode aliceToken = JSON.readTree(http.get("/api/me/tokens", siteA.contextJwt(alice)).body()).get(0);
        assertThat(aliceToken.path("login").asText()).isEqualTo("alice-on-host");
    }

    @Test
    void theSamePersonOnAnotherSiteDoesNotCarryTheirTokenAcross() throws Exception {
        TestCredential siteBCredential = host.newCredential();
        host.accept(siteBCredential, "site-b-bot");
        String siteBIntegration = created(http.send("POST", "/api/integrations", siteB.contextJwt(mallory), """
                {"type":"GITHUB_ENTERPRISE","name":"B","baseUrl":"%s","credential":%s,"requireUserPat":true}
                """.formatted(host.baseUrl(), siteBCredential.json()))).path("id").asText();
        int aliceCalls = host.requestsWith(alicePat);

        var branch = createBranch(siteB, alice, siteBIntegration);

        assertThat(branch.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(branch.body()).path("code").asText()).isEqualTo("USER_PAT_REQUIRED");
        assertThat(host.requestsWith(alicePat)).isEqualTo(aliceCalls);
        JsonNode onSiteB = JSON.readTree(http.get("/api/me/tokens", siteB.contextJwt(alice)).body());
        assertThat(onSiteB).hasSize(1);
        assertThat(onSiteB.get(0).path("status").asText()).isEqualTo("MISSING");
    }

    @Test
    void aWebhookSecretOpensOnlyItsOwnIntegration() throws Exception {
        TestCredential siteBCredential = host.newCredential();
        host.accept(siteBCredential, "site-b-bot");
        String siteBWebhook = created(http.send("POST", "/api/integrations", siteB.contextJwt(mallory), """
                {"type":"GITHUB_ENTERPRISE","name":"B","baseUrl":"%s","credential":%s}
                """.formatted(host.baseUrl(), siteBCredential.json()))).path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
        String secretOfA = webhookPath.substring(webhookPath.lastIndexOf('/') + 1);
        String secretOfB = siteBWebhook.substring(siteBWebhook.lastIndexOf('/') + 1);
        String idOfA = integrationId;
        String idOfB = siteBWebhook.split("/")[2];
        String push = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/web\"}}";
        var before = DatabaseSnapshot.of(jdbc);

        for (String path : List.of("/webhooks/" + idOfA + "/" + secretOfB, "/webhooks/" + idOfB + "/" + secretOfA,
                "/webhooks/" + idOfA + "/" + secretOfA.substring(0, secretOfA.length() - 1),
                "/webhooks/" + idOfA + "/" + secretOfA + "x")) {
            var response = http.send("POST", path, null, push);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).doesNotContain(secretOfA).doesNotContain(secretOfB);
        }

        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select state from indexed_repository where integration_id = ?", String.class, idOfA))
                .isEqualTo("DONE");
        // The right secret does queue it: the refusals above were not for some other reason.
        assertThat(http.send("POST", webhookPath, null, push).statusCode()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select state from indexed_repository where integration_id = ?", String.class, idOfA))
                .isEqualTo("QUEUED");
    }
}
