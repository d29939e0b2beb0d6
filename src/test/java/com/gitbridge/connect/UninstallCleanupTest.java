package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Uninstalling removes the site's credentials, user tokens and indexed data; its JWTs stop working at once. */
class UninstallCleanupTest extends AppTestBase {

    @Autowired
    JdbcTemplate jdbc;

    private int rows(String table, String tenantId) {
        return jdbc.queryForObject("select count(*) from " + table + " where tenant_id = ?", Integer.class, tenantId);
    }

    @Test
    void uninstallRemovesCredentialsTokensAndIndexedData() throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        JiraStub jira = new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin);
        TestTenant site = tenant(jira);
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential integrationCredential = host.newCredential();
        host.accept(integrationCredential, "integration-bot");
        TestCredential pat = host.newCredential();
        host.accept(pat, "admin-on-host");
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s,"requireUserPat":true}"""
                .formatted(host.baseUrl(), integrationCredential.json()));
        String integrationId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).path("id").asText();
        assertThat(http.send("PUT", "/api/me/tokens/" + integrationId, site.contextJwt(admin), pat.json()).statusCode()).isEqualTo(200);
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, state, commits_indexed,
                    reindex_requested, version) values (?, ?, ?, 'acme/web', 'GITHUB_ENTERPRISE', 'DONE', 0, false, 0)""",
                UUID.randomUUID().toString(), site.clientKey(), integrationId);
        assertThat(rows("integration", site.clientKey())).isEqualTo(1);
        assertThat(rows("user_token", site.clientKey())).isEqualTo(1);

        String uninstallJwt = ConnectJwt.forRequest(site.clientKey(), null, "POST", "/uninstalled").audience(ADDON_BASE_URL)
                .signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
        var uninstalled = http.send("POST", "/uninstalled", uninstallJwt, """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s","productType":"jira","eventType":"uninstalled"}"""
                .formatted(site.clientKey(), site.sharedSecret(), site.baseUrl()));
        assertThat(uninstalled.statusCode()).isEqualTo(204);

        assertThat(http.get("/api/me/tokens", site.contextJwt(admin)).statusCode()).isEqualTo(401);
        // The Connect library announces the uninstall asynchronously; the cleanup follows within moments.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(rows("integration", site.clientKey())).isZero();
            assertThat(rows("user_token", site.clientKey())).isZero();
            assertThat(rows("indexed_repository", site.clientKey())).isZero();
        });
    }
}
