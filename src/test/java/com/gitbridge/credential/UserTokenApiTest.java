package com.gitbridge.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code /api/me/tokens}: one user's tokens only, sealed at rest, gone with their integration. */
@ExtendWith(OutputCaptureExtension.class)
class UserTokenApiTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DataSource dataSource;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
    private TestTenant tenant;
    private String integrationId;
    private TestCredential alicePat;

    @BeforeEach
    void siteWithAnIntegrationRequiringUserPats() throws Exception {
        tenant = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin)
                .developer(alice, 10000).issue("ABC-1", "Fix the login", 10000, "ABC"));
        TestCredential integration = host.newCredential();
        host.accept(integration, "integration-bot");
        var created = http.send("POST", "/api/integrations", tenant.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s,"requireUserPat":true}
                """.formatted(host.baseUrl(), integration.json()));
        integrationId = JSON.readTree(created.body()).path("id").asText();
        alicePat = host.newCredential();
        host.accept(alicePat, "alice-on-host");
    }

    private JsonNode tokensOf(TestTenant site, String account) throws Exception {
        return JSON.readTree(http.get("/api/me/tokens", site.contextJwt(account)).body());
    }

    private void saveAlicesToken() {
        var saved = http.send("PUT", "/api/me/tokens/" + integrationId, tenant.contextJwt(alice), alicePat.json());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    @Test
    void listsEveryIntegrationWithWhatTheUserNeedsToSetUp() throws Exception {
        JsonNode token = tokensOf(tenant, alice).get(0);
        assertThat(token.path("integrationId").asText()).isEqualTo(integrationId);
        assertThat(token.path("integrationName").asText()).isEqualTo("Acme");
        assertThat(token.path("type").asText()).isEqualTo("GITHUB_ENTERPRISE");
        assertThat(token.path("required").asBoolean()).isTrue();
        assertThat(token.path("status").asText()).isEqualTo("MISSING");
        assertThat(token.path("newTokenUrl").asText()).isEqualTo(host.baseUrl() + "/settings/tokens/new?scopes=repo&description=Git%20Bridge%20for%20Jira");
        assertThat(token.path("tokenSteps").asText()).contains("repo");
    }

    @Test
    void savedTokenShowsLoginScopesAndOnlyAHint() throws Exception {
        saveAlicesToken();
        JsonNode token = tokensOf(tenant, alice).get(0);
        assertThat(token.path("status").asText()).isEqualTo("VALID");
        assertThat(token.path("login").asText()).isEqualTo("alice-on-host");
        assertThat(token.path("scopes").get(0).asText()).isEqualTo("repo");
        assertThat(token.path("hint").asText()).hasSize(4).isEqualTo(alicePat.secret().substring(alicePat.secret().length() - 4));
    }

    @Test
    void oneUserNeverSeesReplacesOrRemovesAnothersToken() throws Exception {
        saveAlicesToken();

        assertThat(tokensOf(tenant, bob).get(0).path("status").asText()).isEqualTo("MISSING");
        assertThat(http.send("DELETE", "/api/me/tokens/" + integrationId, tenant.contextJwt(bob), null).statusCode()).isEqualTo(204);
        assertThat(tokensOf(tenant, alice).get(0).path("status").asText()).isEqualTo("VALID");

        TestCredential bobPat = host.newCredential();
        host.accept(bobPat, "bob-on-host");
        http.send("PUT", "/api/me/tokens/" + integrationId, tenant.contextJwt(bob), bobPat.json());
        assertThat(tokensOf(tenant, alice).get(0).path("login").asText()).isEqualTo("alice-on-host");
        assertThat(tokensOf(tenant, bob).get(0).path("login").asText()).isEqualTo("bob-on-host");
    }

    @Test
    void anotherSiteCannotUseThisSitesIntegration() throws Exception {
        TestTenant other = tenant(new JiraStub("/jira-" + UUID.randomUUID()));
        assertThat(tokensOf(other, alice)).isEmpty();
        assertThat(http.send("PUT", "/api/me/tokens/" + integrationId, other.contextJwt(alice), alicePat.json()).statusCode()).isEqualTo(404);
        assertThat(http.send("DELETE", "/api/me/tokens/" + integrationId, other.contextJwt(alice), null).statusCode()).isEqualTo(404);
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from user_token where tenant_id = ?",
                Integer.class, other.clientKey())).isZero();
    }

    @Test
    void removingTheTokenSendsTheUserBackToSetup() throws Exception {
        saveAlicesToken();
        assertThat(http.send("DELETE", "/api/me/tokens/" + integrationId, tenant.contextJwt(alice), null).statusCode()).isEqualTo(204);
        assertThat(tokensOf(tenant, alice).get(0).path("status").asText()).isEqualTo("MISSING");
    }

    @Test
    void tokenPastItsExpiryIsReportedExpiredAndRefusedAtUse() throws Exception {
        saveAlicesToken();
        new JdbcTemplate(dataSource).update("update user_token set expires_at = ? where tenant_id = ?",
                Timestamp.from(Instant.now().minusSeconds(60)), tenant.clientKey());
        int aliceCalls = host.requestsWith(alicePat);

        var branch = http.send("POST", "/api/issues/ABC-1/branches", tenant.contextJwt(alice), """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1"}""".formatted(integrationId));

        assertThat(branch.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(branch.body()).path("code").asText()).isEqualTo("USER_PAT_EXPIRED");
        assertThat(tokensOf(tenant, alice).get(0).path("status").asText()).isEqualTo("EXPIRED");
        assertThat(host.requestsWith(alicePat)).isEqualTo(aliceCalls);
    }

    @Test
    void deletingTheIntegrationDeletesItsUserTokens() throws Exception {
        saveAlicesToken();
        assertThat(http.send("DELETE", "/api/integrations/" + integrationId, tenant.contextJwt(admin), null).statusCode()).isEqualTo(204);
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from user_token where integration_id = ?",
                Integer.class, integrationId)).isZero();
    }

    @Test
    void fieldErrorsAreNamedAndNothingIsStored() throws Exception {
        var response = http.send("PUT", "/api/me/tokens/" + integrationId, tenant.contextJwt(alice), "{\"token\":\"has space\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").has("token")).isTrue();
        assertThat(tokensOf(tenant, alice).get(0).path("status").asText()).isEqualTo("MISSING");
    }

    @Test
    void theTokenIsNeverInTheDatabaseResponsesOrLogs(CapturedOutput output) throws Exception {
        var saved = http.send("PUT", "/api/me/tokens/" + integrationId, tenant.contextJwt(alice), alicePat.json());
        var listed = http.get("/api/me/tokens", tenant.contextJwt(alice));
        var branch = http.send("POST", "/api/issues/ABC-1/branches", tenant.contextJwt(alice), """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1"}""".formatted(integrationId));
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(201);

        String secret = alicePat.secret();
        for (String body : List.of(saved.body(), listed.body(), branch.body())) {
            assertThat(body).doesNotContain(secret).doesNotContain(secret.substring(0, 16));
        }
        List<Map<String, Object>> rows = new JdbcTemplate(dataSource).queryForList("select * from user_token");
        assertThat(rows).isNotEmpty();
        assertThat(rows.toString()).doesNotContain(secret).doesNotContain(secret.substring(4, 20));
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(secret.substring(4, 20));
    }
}
