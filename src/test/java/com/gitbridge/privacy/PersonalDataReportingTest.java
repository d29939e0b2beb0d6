package com.gitbridge.privacy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.QueryStringHash;
import com.gitbridge.testing.TestHosts;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Personal data reporting against a stubbed Jira site: what Jira receives, what a closed account loses, and how
 * rate limits, the cycle period and failures decide the next report. The job runs by a direct call (db-scheduler
 * is off in tests).
 */
class PersonalDataReportingTest extends AppTestBase {

    private static final String REPORT_PATH = "/app/report-accounts/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    PersonalDataReporting reporting;

    @Autowired
    JdbcTemplate jdbc;

    private final WireMockServer jira = TestHosts.server();

    /** A site with its own Jira stub whose report-accounts endpoint answers {@code answer}. */
    private record Site(TestTenant tenant, String reportPath) {
    }

    private Site site(ResponseDefinitionBuilder answer) {
        String sitePath = "/jira-" + UUID.randomUUID();
        TestTenant tenant = tenant(new JiraStub(sitePath));
        jira.stubFor(post(urlPathEqualTo(sitePath + REPORT_PATH)).atPriority(10).willReturn(answer));
        return new Site(tenant, sitePath + REPORT_PATH);
    }

    private void token(Site site, String accountId, Instant updatedAt) {
        jdbc.update("""
                insert into user_token (id, tenant_id, integration_id, account_id, sealed_token, hint, login, status,
                    last_validated_at, created_at, updated_at, version)
                values (?, ?, ?, ?, 'sealed', 'abcd', ?, 'VALID', ?, ?, ?, 0)""",
                UUID.randomUUID().toString(), site.tenant().clientKey(), UUID.randomUUID().toString(), accountId,
                accountId + "-on-host", Timestamp.from(updatedAt), Timestamp.from(updatedAt), Timestamp.from(updatedAt));
    }

    private void audit(Site site, String accountId, String credentialKind, String hostLogin, Instant at) {
        jdbc.update("""
                insert into audit_entry (id, tenant_id, account_id, integration_id, repository, action, target,
                    credential_kind, host_login, outcome, created_at)
                values (?, ?, ?, ?, 'acme/web', 'CREATE_BRANCH', 'feature/ABC-1', ?, ?, 'CREATED', ?)""",
                UUID.randomUUID().toString(), site.tenant().clientKey(), accountId, UUID.randomUUID().toString(),
                credentialKind, hostLogin, Timestamp.from(at));
    }

    private List<String> tokenAccounts(Site site) {
        return jdbc.queryForList("select account_id from user_token where tenant_id = ? order by account_id",
                String.class, site.tenant().clientKey());
    }

    private List<Map<String, Object>> auditRows(Site site) {
        return jdbc.queryForList("select account_id, host_login, credential_kind from audit_entry where tenant_id = ?"
                + " order by credential_kind, account_id", site.tenant().clientKey());
    }

    private Instant nextReportAt(Site site) {
        List<Timestamp> next = jdbc.queryForList("select next_report_at from personal_data_report where tenant_id = ?",
                Timestamp.class, site.tenant().clientKey());
        return next.isEmpty() ? null : next.get(0).toInstant();
    }

    private List<LoggedRequest> requests(Site site) {
        return jira.findAll(postRequestedFor(urlPathEqualTo(site.reportPath())));
    }

    private static JsonNode body(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBodyAsString());
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void reportsStoredAccountsAsTheAppAndForgetsClosedOnes() throws Exception {
        Site site = site(json("""
                {"accounts":[{"accountId":"alice","status":"closed"},{"accountId":"bob","status":"updated"}]}"""));
        token(site, "alice", Instant.parse("2024-03-01T10:00:00Z"));
        token(site, "alice", Instant.parse("2024-05-01T10:00:00Z"));
        token(site, "bob", Instant.parse("2024-04-01T09:00:00Z"));
        audit(site, "alice", "USER_PAT", "alice-on-host", Instant.parse("2024-06-01T08:30:00.123Z"));
        audit(site, "alice", "INTEGRATION_ACCOUNT", "acme-bot", Instant.parse("2024-02-01T00:00:00Z"));
        audit(site, "carol", "USER_PAT", "carol-on-host", Instant.parse("2024-01-15T12:00:00Z"));
        // The same account id on another site is that site's business: its Jira has nothing to say.
        Site otherSite = site(aResponse().withStatus(204));
        token(otherSite, "alice", Instant.parse("2024-03-01T10:00:00Z"));
        audit(otherSite, "alice", "USER_PAT", "alice-on-host", Instant.parse("2024-03-01T10:00:00Z"));

        reporting.reportDueSites();

        List<LoggedRequest> sent = requests(site);
        assertThat(sent).hasSize(1);
        LoggedRequest request = sent.get(0);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        String authorization = request.getHeader("Authorization");
        assertThat(authorization).startsWith("JWT ");
        SignedJWT jwt = SignedJWT.parse(authorization.substring(4));
        assertThat(jwt.verify(new MACVerifier(site.tenant().sharedSecret().getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("git-bridge-for-jira");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("qsh")).isEqualTo(QueryStringHash.of("POST", REPORT_PATH));
        assertThat(body(request)).isEqualTo(JSON.readTree("""
                {"accounts":[
                  {"accountId":"alice","updatedAt":"2024-06-01T08:30:00.123Z"},
                  {"accountId":"bob","updatedAt":"2024-04-01T09:00:00Z"},
                  {"accountId":"carol","updatedAt":"2024-01-15T12:00:00Z"}]}"""));

        assertThat(tokenAccounts(site)).containsExactly("bob");
        assertThat(auditRows(site)).containsExactlyInAnyOrder(
                Map.of("account_id", "closed-account", "host_login", "acme-bot", "credential_kind", "INTEGRATION_ACCOUNT"),
                nullLogin("closed-account"),
                Map.of("account_id", "carol", "host_login", "carol-on-host", "credential_kind", "USER_PAT"));
        assertThat(tokenAccounts(otherSite)).containsExactly("alice");
        assertThat(auditRows(otherSite)).extracting(row -> row.get("account_id")).containsExactly("alice");
        assertThat(nextReportAt(site)).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));

        // Forgotten means forgotten: the next report no longer names alice, and the site is not due before a day.
        reporting.reportDueSites();
        assertThat(requests(site)).hasSize(1);
        jdbc.update("update personal_data_report set next_report_at = ? where tenant_id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), site.tenant().clientKey());
        reporting.reportDueSites();
        List<List<String>> reports = new ArrayList<>();
        for (LoggedRequest report : requests(site)) {
            reports.add(body(report).findValuesAsText("accountId"));
        }
        assertThat(reports).containsExactlyInAnyOrder(List.of("alice", "bob", "carol"), List.of("bob", "carol"));
    }

    private static Map<String, Object> nullLogin(String accountId) {
        Map<String, Object> row = new HashMap<>();
        row.put("account_id", accountId);
        row.put("host_login", null);
        row.put("credential_kind", "USER_PAT");
        return row;
    }

    @Test
    void reportsTwoHundredAccountsInBatchesOfNinety() throws Exception {
        Site site = site(aResponse().withStatus(204));
        // The first batch's answer names an account of the third: only accounts of the batch asked about count.
        jira.stubFor(post(urlPathEqualTo(site.reportPath())).atPriority(1)
                .withRequestBody(containing("\"user-000\""))
                .willReturn(json("{\"accounts\":[{\"accountId\":\"user-199\",\"status\":\"closed\"}]}")));
        for (int i = 0; i < 200; i++) {
            token(site, "user-%03d".formatted(i), Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i));
        }

        reporting.reportDueSites();

        List<LoggedRequest> sent = requests(site);
        List<Integer> sizes = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (LoggedRequest request : sent) {
            assertThat(request.getHeader("Authorization")).startsWith("JWT ");
            List<String> batch = body(request).findValuesAsText("accountId");
            sizes.add(batch.size());
            reported.addAll(batch);
        }
        assertThat(sizes).containsExactlyInAnyOrder(90, 90, 20);
        assertThat(reported).hasSize(200).doesNotHaveDuplicates()
                .containsAll(tokenAccounts(site));
        assertThat(tokenAccounts(site)).hasSize(200).contains("user-199");
    }

    @Test
    void rateLimitedSiteWaitsForRetryAfter() {
        Site site = site(aResponse().withStatus(429).withHeader("Retry-After", "120"));
        token(site, "dave", Instant.parse("2024-01-01T00:00:00Z"));

        reporting.reportDueSites();
        reporting.reportDueSites();

        assertThat(requests(site)).hasSize(1);
        assertThat(tokenAccounts(site)).containsExactly("dave");
        assertThat(nextReportAt(site)).isCloseTo(Instant.now().plusSeconds(120), within(30, ChronoUnit.SECONDS));
    }

    @Test
    void nothingClosedKeepsEverythingAndWaitsForALongerCyclePeriod() {
        Site site = site(aResponse().withStatus(204).withHeader("Cycle-Period", "14"));
        token(site, "erin", Instant.parse("2024-01-01T00:00:00Z"));
        audit(site, "erin", "USER_PAT", "erin-on-host", Instant.parse("2024-01-02T00:00:00Z"));

        reporting.reportDueSites();
        reporting.reportDueSites();

        assertThat(requests(site)).hasSize(1);
        assertThat(tokenAccounts(site)).containsExactly("erin");
        assertThat(auditRows(site)).extracting(row -> row.get("host_login")).containsExactly("erin-on-host");
        assertThat(nextReportAt(site)).isCloseTo(Instant.now().plus(Duration.ofDays(14)), within(1, ChronoUnit.MINUTES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "503", "not json", "{\"accountId\":\"frank\",\"status\":\"closed\"}", "<html>"})
    void failedOrUnreadableAnswerChangesNothingAndIsRetriedAtTheNextLook(String answer) {
        Site site = site(answer.matches("\\d{3}") ? aResponse().withStatus(Integer.parseInt(answer)).withBody("{}")
                : json(answer));
        token(site, "frank", Instant.parse("2024-01-01T00:00:00Z"));
        audit(site, "frank", "USER_PAT", "frank-on-host", Instant.parse("2024-01-02T00:00:00Z"));

        reporting.reportDueSites();
        reporting.reportDueSites();

        assertThat(requests(site)).hasSize(2);
        assertThat(tokenAccounts(site)).containsExactly("frank");
        assertThat(auditRows(site)).extracting(row -> row.get("account_id")).containsExactly("frank");
        assertThat(nextReportAt(site)).isNull();
    }
}
