package com.gitbridge.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every sealed value is bound to its site as well as its row. Someone who can write the database, moving an
 * integration to another site or copying a sealed value into another site's row, gets nothing that opens: the app
 * treats the value as missing (the integration needs a new credential, the site's JWTs are refused), acts with it
 * nowhere, and answers no request with a 500.
 */
class TenantBoundSecretsTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private TestTenant siteA;
    private TestTenant siteB;
    private GitHubEnterpriseHost hostA;
    private TestCredential credentialA;
    private String integrationA;
    private GitHubEnterpriseHost hostB;
    private String integrationB;

    @BeforeEach
    void twoSitesWithAnIntegrationEach() {
        siteA = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        siteB = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        hostA = new GitHubEnterpriseHost();
        credentialA = hostA.newCredential();
        hostA.accept(credentialA, "bot-of-a");
        integrationA = addIntegration(siteA, admin, hostA, credentialA, false);
        hostB = new GitHubEnterpriseHost();
        TestCredential credentialB = hostB.newCredential();
        hostB.accept(credentialB, "bot-of-b");
        integrationB = addIntegration(siteB, admin, hostB, credentialB, false);
    }

    @Test
    void anIntegrationMovedToAnotherSiteActsNowhere() throws Exception {
        String webhookOfA = webhookPath(siteA, integrationA);
        int requestsWithA = hostA.requestsWith(credentialA);

        jdbc.update("update integration set tenant_id = ? where id = ?", siteB.clientKey(), integrationA);

        var listed = http.get("/api/integrations", siteB.contextJwt(admin));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode moved = integration(JSON.readTree(listed.body()), integrationA);
        assertThat(moved.path("webhookUrl").isNull()).as("a webhook secret that does not open has no URL").isTrue();
        var repositories = http.get("/api/integrations/" + integrationA + "/repositories", siteB.contextJwt(admin));
        assertThat(repositories.statusCode()).as(repositories.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(repositories.body());
        assertThat(problem.path("code").asText()).isEqualTo("CREDENTIAL_REJECTED");
        assertThat(problem.path("detail").asText()).contains("cannot be read").contains("new credential");
        assertThat(http.send("POST", webhookOfA, null, "{}").statusCode()).isEqualTo(404);
        assertThat(hostA.requestsWith(credentialA)).as("requests with site A's credential").isEqualTo(requestsWithA);
    }

    @Test
    void aCredentialCopiedIntoAnotherSitesIntegrationActsNowhereUntilANewOneIsSaved() throws Exception {
        int requestsWithA = hostA.requestsWith(credentialA);

        jdbc.update("update integration set sealed_credential = (select sealed_credential from integration where id = ?) "
                + "where id = ?", integrationA, integrationB);

        var repositories = http.get("/api/integrations/" + integrationB + "/repositories", siteB.contextJwt(admin));
        assertThat(repositories.statusCode()).as(repositories.body()).isEqualTo(422);
        assertThat(JSON.readTree(repositories.body()).path("code").asText()).isEqualTo("CREDENTIAL_REJECTED");
        assertThat(hostA.requestsWith(credentialA)).as("requests with site A's credential").isEqualTo(requestsWithA);

        TestCredential replacement = hostB.newCredential();
        hostB.accept(replacement, "bot-of-b");
        var patched = http.send("PATCH", "/api/integrations/" + integrationB, siteB.contextJwt(admin),
                "{\"credential\":" + replacement.json() + "}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(http.get("/api/integrations/" + integrationB + "/repositories", siteB.contextJwt(admin)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSharedSecretCopiedFromAnotherSitesRowOpensNothing() {
        String admin = "admin-" + UUID.randomUUID();
        TestTenant victim = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        TestTenant other = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));

        jdbc.update("update atlassian_host set shared_secret = (select shared_secret from atlassian_host where client_key = ?) "
                + "where client_key = ?", other.clientKey(), victim.clientKey());

        String withOthersSecret = ConnectJwt.context(victim.clientKey(), admin).signHs256(other.sharedSecret());
        assertThat(http.get("/api/integrations", withOthersSecret).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/integrations", victim.contextJwt(admin)).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/integrations", other.contextJwt(admin)).statusCode()).isEqualTo(200);
    }

    private String webhookPath(TestTenant site, String integrationId) throws Exception {
        var listed = http.get("/api/integrations", site.contextJwt(admin));
        return integration(JSON.readTree(listed.body()), integrationId).path("webhookUrl").asText()
                .substring(ADDON_BASE_URL.length());
    }

    private static JsonNode integration(JsonNode list, String id) {
        for (JsonNode integration : list) {
            if (integration.path("id").asText().equals(id)) {
                return integration;
            }
        }
        throw new AssertionError("no integration " + id + " in " + list);
    }
}
