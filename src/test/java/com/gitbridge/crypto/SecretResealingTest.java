package com.gitbridge.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.provider.Credential;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database whose secrets are in the v1 format (bound to their row, not to their site) keeps working, and the
 * re-sealing job brings every value to the current format and key, bound to its site; a second run changes nothing,
 * and a value that does not open is left as it is without stopping the run.
 */
class SecretResealingTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = TestCiphers.TEST_KEY;

    @Autowired
    SecretResealing resealing;
    @Autowired
    SecretCipher cipher;
    @Autowired
    CredentialSealer sealer;
    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();

    @Test
    void v1RowsKeepWorkingAndAreResealedOnceToTheirSite() throws Exception {
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        String integrationId = addIntegration(site, admin, host, credential, false);
        String webhookSecret = webhookPath(site).substring(webhookPath(site).lastIndexOf('/') + 1);
        TestCredential pat = host.newCredential();
        host.accept(pat, "admin-on-host");
        assertThat(http.send("PUT", "/api/me/tokens/" + integrationId, site.contextJwt(admin), pat.json()).statusCode())
                .isEqualTo(200);
        // A site never read yet, so that its v1 shared secret is read from the database, not from the request cache.
        TestTenant unread = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));

        jdbc.update("update atlassian_host set shared_secret = ? where client_key = ?",
                TestCiphers.sealV1(KEY, unread.sharedSecret(), "connect-shared-secret"), unread.clientKey());
        jdbc.update("update integration set sealed_credential = ?, sealed_webhook_secret = ? where id = ?",
                TestCiphers.sealTokenV1(KEY, credential.secret(), "integration:" + integrationId + ":credential"),
                TestCiphers.sealTokenV1(KEY, webhookSecret, "integration:" + integrationId + ":webhook-secret"),
                integrationId);
        jdbc.update("update user_token set sealed_token = ? where integration_id = ?",
                TestCiphers.sealTokenV1(KEY, pat.secret(), "user-token:" + site.clientKey() + ":" + integrationId + ":" + admin),
                integrationId);

        assertEverythingWorks(site, unread, host, credential, integrationId);
        assertThat(storedPat(site, integrationId, true)).isEqualTo(pat.secret());

        assertThat(resealing.resealAll()).isGreaterThanOrEqualTo(4);

        String prefix = cipher.currentPrefix();
        assertThat(jdbc.queryForObject("select shared_secret from atlassian_host where client_key = ?", String.class,
                unread.clientKey())).startsWith(prefix);
        assertThat(jdbc.queryForList("select sealed_credential || ' ' || sealed_webhook_secret from integration where id = ?",
                String.class, integrationId).get(0)).matches(java.util.regex.Pattern.quote(prefix) + "\\S+ "
                + java.util.regex.Pattern.quote(prefix) + "\\S+");
        assertThat(cipher.decrypt(jdbc.queryForObject("select shared_secret from atlassian_host where client_key = ?",
                String.class, unread.clientKey()),
                SealContext.of(unread.clientKey(), "atlassian_host", "shared_secret", unread.clientKey())))
                .isEqualTo(unread.sharedSecret());
        assertThat(storedPat(site, integrationId, false)).isEqualTo(pat.secret());
        assertEverythingWorks(site, unread, host, credential, integrationId);

        assertThat(resealing.resealAll()).as("a second run").isZero();
    }

    @Test
    void aRunGoesThroughEveryBatchAndLeavesValuesThatDoNotOpen() {
        String tenant = "client-" + UUID.randomUUID();
        String integrationId = UUID.randomUUID().toString();
        int rows = SecretResealing.BATCH * 2 + 17;
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String account = "account-" + i;
            inserts.add(userToken(tenant, integrationId, account,
                    TestCiphers.sealTokenV1(KEY, "token-" + i, "user-token:" + tenant + ":" + integrationId + ":" + account)));
        }
        String garbage = "v1:" + cipher.currentPrefix().split(":")[1] + ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        String otherSites = cipher.encrypt("{\"token\":\"x\"}",
                SealContext.of("another-site", "user_token", "token", integrationId, "account-garbage"));
        inserts.add(userToken(tenant, integrationId, "account-garbage", garbage));
        inserts.add(userToken(tenant, integrationId, "account-moved", otherSites));
        jdbc.batchUpdate("""
                insert into user_token (id, tenant_id, integration_id, account_id, sealed_token, status, last_validated_at,
                    created_at, updated_at, version) values (?, ?, ?, ?, ?, 'VALID', ?, ?, ?, 0)""", inserts);

        assertThat(resealing.resealAll()).isEqualTo(rows);

        for (int i = 0; i < rows; i += 37) {
            String stored = jdbc.queryForObject("select sealed_token from user_token where integration_id = ? and account_id = ?",
                    String.class, integrationId, "account-" + i);
            assertThat(stored).startsWith(cipher.currentPrefix());
            assertThat(sealer.open(stored, SealContext.of(tenant, "user_token", "token", integrationId, "account-" + i)))
                    .isEqualTo(new Credential.Token("token-" + i));
        }
        assertThat(jdbc.queryForObject("select count(*) from user_token where integration_id = ? and sealed_token like ?",
                Integer.class, integrationId, cipher.currentPrefix() + "%")).isEqualTo(rows + 1);
        assertThat(jdbc.queryForObject("select sealed_token from user_token where account_id = 'account-garbage' "
                + "and integration_id = ?", String.class, integrationId)).isEqualTo(garbage);
        assertThat(jdbc.queryForObject("select sealed_token from user_token where account_id = 'account-moved' "
                + "and integration_id = ?", String.class, integrationId)).isEqualTo(otherSites);
        assertThat(resealing.resealAll()).as("a second run").isZero();
    }

    private void assertEverythingWorks(TestTenant site, TestTenant unread, GitHubEnterpriseHost host,
                                       TestCredential credential, String integrationId) throws Exception {
        int before = host.requestsWith(credential);
        assertThat(http.get("/api/integrations/" + integrationId + "/repositories", site.contextJwt(admin)).statusCode())
                .isEqualTo(200);
        assertThat(host.requestsWith(credential)).isGreaterThan(before);
        assertThat(http.send("POST", webhookPath(site), null, "{}").statusCode()).isEqualTo(202);
        assertThat(http.get("/api/integrations", ConnectJwt.context(unread.clientKey(), admin).signHs256(unread.sharedSecret()))
                .statusCode()).isEqualTo(200);
    }

    /** The user's PAT as stored, opened with the context of its row: with or without the v1 form admitted. */
    private String storedPat(TestTenant site, String integrationId, boolean admitV1) {
        String stored = jdbc.queryForObject("select sealed_token from user_token where integration_id = ?", String.class,
                integrationId);
        SealContext context = SealContext.of(site.clientKey(), "user_token", "token", integrationId, admin);
        if (admitV1) {
            context = context.orV1("user-token:" + site.clientKey() + ":" + integrationId + ":" + admin);
        }
        return ((Credential.Token) sealer.open(stored, context)).value();
    }

    private String webhookPath(TestTenant site) throws Exception {
        return JSON.readTree(http.get("/api/integrations", site.contextJwt(admin)).body()).get(0).path("webhookUrl").asText()
                .substring(ADDON_BASE_URL.length());
    }

    private static Object[] userToken(String tenant, String integrationId, String account, String sealed) {
        Timestamp now = Timestamp.from(Instant.now());
        return new Object[] {UUID.randomUUID().toString(), tenant, integrationId, account, sealed, now, now, now};
    }
}
