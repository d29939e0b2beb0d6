package com.gitbridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Jira administrator rotates an integration's webhook secret: the old URL opens nothing at once, the new one works. */
class WebhookSecretRotationTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUSH = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/web\"}}";

    private final String admin = "admin-" + UUID.randomUUID();
    private final String developer = "dev-" + UUID.randomUUID();
    private TestTenant site;
    private String integrationId;

    @BeforeEach
    void integration() {
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin).developer(developer, 10000));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        integrationId = addIntegration(site, admin, host, credential, false);
    }

    @Test
    void rotatingTheSecretClosesTheOldWebhookUrlAndOpensTheNewOne() throws Exception {
        String old = path(webhookUrl());
        assertThat(http.send("POST", old, null, PUSH).statusCode()).isEqualTo(202);

        var rotated = http.send("POST", "/api/integrations/" + integrationId + "/webhook-secret", site.contextJwt(admin), null);

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode integration = JSON.readTree(rotated.body());
        assertThat(integration.path("id").asText()).isEqualTo(integrationId);
        assertThat(integration.path("name").asText()).isEqualTo("Acme");
        String fresh = path(integration.path("webhookUrl").asText());
        assertThat(fresh).isNotEqualTo(old).matches("/webhooks/" + integrationId + "/[A-Za-z0-9_-]{20,}");
        assertThat(path(webhookUrl())).isEqualTo(fresh);
        assertThat(http.send("POST", old, null, PUSH).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", fresh, null, PUSH).statusCode()).isEqualTo(202);
    }

    @Test
    void onlyTheSitesAdministratorsRotate() throws Exception {
        String before = webhookUrl();

        var byDeveloper = http.send("POST", "/api/integrations/" + integrationId + "/webhook-secret", site.contextJwt(developer), null);
        assertThat(byDeveloper.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(byDeveloper.body()).path("code").asText()).isEqualTo("NOT_ALLOWED");
        TestTenant other = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        var byOtherSite = http.send("POST", "/api/integrations/" + integrationId + "/webhook-secret", other.contextJwt(admin), null);
        assertThat(byOtherSite.statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/api/integrations/" + integrationId + "/webhook-secret", null, null).statusCode()).isEqualTo(401);

        assertThat(webhookUrl()).isEqualTo(before);
        assertThat(http.send("POST", path(before), null, PUSH).statusCode()).isEqualTo(202);
    }

    private String webhookUrl() throws Exception {
        var listed = http.get("/api/integrations", site.contextJwt(admin));
        assertThat(listed.statusCode()).isEqualTo(200);
        return JSON.readTree(listed.body()).get(0).path("webhookUrl").asText();
    }

    private static String path(String webhookUrl) {
        assertThat(webhookUrl).startsWith(ADDON_BASE_URL + "/webhooks/");
        return webhookUrl.substring(ADDON_BASE_URL.length());
    }
}
