package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The webhook URL authenticates by its secret alone; index status and reindex are for administrators. */
class WebhookApiTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String developer = "dev-" + UUID.randomUUID();
    private TestTenant site;
    private String integrationId;
    private String webhookPath;

    @BeforeEach
    void integrationWithAnIndexedRepository() throws Exception {
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin).developer(developer, 10000));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        var created = JSON.readTree(http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}""".formatted(host.baseUrl(), credential.json())).body());
        integrationId = created.path("id").asText();
        webhookPath = created.path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, last_indexed_at, reindex_requested, version)
                values (?, ?, ?, 'acme/web', 'GITHUB_ENTERPRISE', 'https://ghe.example/acme/web', 'https://ghe.example/acme/web.git',
                    'main', 'DONE', 1234, current_timestamp, false, 0)""", UUID.randomUUID().toString(), site.clientKey(), integrationId);
    }

    private String state() {
        return jdbc.queryForObject("select state from indexed_repository where integration_id = ?", String.class, integrationId);
    }

    @Test
    void pushEventWithTheRightSecretQueuesThePushedRepository() {
        assertThat(webhookPath).matches("/webhooks/" + integrationId + "/[A-Za-z0-9_-]{20,}");
        var response = http.send("POST", webhookPath, null, "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/web\"}}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(state()).isEqualTo("QUEUED");
    }

    @Test
    void gitLabAndAzureEventsNameTheirRepositoryTheirOwnWay() {
        var controller = new WebhookController(null, null, null, null);
        assertThat(controller.pushedRepository("{\"project\":{\"path_with_namespace\":\"group/sub/app\"}}".getBytes()))
                .contains("group/sub/app");
        assertThat(controller.pushedRepository("{\"resource\":{\"repository\":{\"name\":\"web\",\"project\":{\"name\":\"Proj\"}}}}".getBytes()))
                .contains("Proj/web");
        assertThat(controller.pushedRepository("not json".getBytes())).isEmpty();
    }

    @Test
    void wrongSecretOrUnknownIntegrationIsAPlainNotFoundAndChangesNothing() {
        String wrongSecret = "/webhooks/" + integrationId + "/not-the-secret";
        assertThat(http.send("POST", wrongSecret, null, "{\"repository\":{\"full_name\":\"acme/web\"}}").statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/webhooks/" + UUID.randomUUID() + "/x", null, "{}").statusCode()).isEqualTo(404);
        assertThat(state()).isEqualTo("DONE");
    }

    @Test
    void administratorsSeeIndexStatusAndCanReindexOthersCannot() throws Exception {
        var status = http.get("/api/integrations/" + integrationId + "/index-status", site.contextJwt(admin));
        assertThat(status.statusCode()).isEqualTo(200);
        var row = JSON.readTree(status.body()).get(0);
        assertThat(row.path("repository").asText()).isEqualTo("acme/web");
        assertThat(row.path("state").asText()).isEqualTo("DONE");
        assertThat(row.path("commitsIndexed").asLong()).isEqualTo(1234);
        assertThat(row.has("lastIndexedAt")).isTrue();
        assertThat(row.properties()).extracting(Map.Entry::getKey)
                .containsExactly("repository", "state", "commitsIndexed", "lastIndexedAt", "error", "jira");
        assertThat(row.path("jira").properties()).extracting(Map.Entry::getKey)
                .containsExactly("state", "pending", "lastSentAt", "error");
        assertThat(row.path("jira").path("state").asText()).isIn("SENDING", "SENT", "FAILED", "OFF");

        assertThat(http.send("POST", "/api/integrations/" + integrationId + "/reindex", site.contextJwt(admin), null).statusCode()).isEqualTo(202);
        assertThat(http.get("/api/integrations/" + integrationId + "/index-status", site.contextJwt(developer)).statusCode()).isEqualTo(403);
        assertThat(http.send("POST", "/api/integrations/" + integrationId + "/reindex", site.contextJwt(developer), null).statusCode()).isEqualTo(403);

        TestTenant other = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        assertThat(http.get("/api/integrations/" + integrationId + "/index-status", other.contextJwt(admin)).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingTheIntegrationRemovesItsIndexedData() {
        assertThat(http.send("DELETE", "/api/integrations/" + integrationId, site.contextJwt(admin), null).statusCode()).isEqualTo(204);
        assertThat(jdbc.queryForObject("select count(*) from indexed_repository where integration_id = ?", Integer.class, integrationId)).isZero();
    }
}
