package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.DatabaseSnapshot;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ways a token can be wrong that {@link JwtAuthenticationTest} and {@link InstallLifecycleTest} leave out, and for
 * every route that changes something: the refusal is a 401, the database is exactly as before, and no host is called.
 */
class HostileJwtTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROJECT_ID = 10000;

    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String alice = "alice-" + UUID.randomUUID();
    private final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
    private TestTenant site;
    private TestTenant otherSite;
    private String integrationId;
    private TestCredential alicePat;

    /** A site with an integration requiring user PATs, alice's saved PAT, and a second site beside it. */
    @BeforeEach
    void siteWithAnIntegrationAndAToken() throws Exception {
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin).developer(alice, PROJECT_ID)
                .issue("ABC-1", "Fix the login", PROJECT_ID, "ABC"));
        otherSite = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        TestCredential integration = host.newCredential();
        host.accept(integration, "integration-bot");
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s,"requireUserPat":true}
                """.formatted(host.baseUrl(), integration.json()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        integrationId = JSON.readTree(created.body()).path("id").asText();
        alicePat = host.newCredential();
        host.accept(alicePat, "alice-on-host");
        assertThat(http.send("PUT", "/api/me/tokens/" + integrationId, site.contextJwt(alice), alicePat.json()).statusCode())
                .isEqualTo(200);
    }

    /** Every route that changes something, with a body that would succeed under a good token. */
    private List<String[]> mutatingRequests() {
        TestCredential replacement = host.newCredential();
        host.accept(replacement, "replacement");
        return List.of(
                new String[] {"POST", "/api/integrations", """
                        {"type":"GITHUB_ENTERPRISE","name":"Second","baseUrl":"%s","credential":%s}""".formatted(host.baseUrl(), replacement.json())},
                new String[] {"PATCH", "/api/integrations/" + integrationId, "{\"name\":\"Renamed\",\"requireUserPat\":false}"},
                new String[] {"DELETE", "/api/integrations/" + integrationId, null},
                new String[] {"POST", "/api/integrations/" + integrationId + "/reindex", null},
                new String[] {"PUT", "/api/me/tokens/" + integrationId, replacement.json()},
                new String[] {"DELETE", "/api/me/tokens/" + integrationId, null},
                new String[] {"POST", "/api/issues/ABC-1/branches", """
                        {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1-fix"}""".formatted(integrationId)},
                new String[] {"POST", "/api/issues/ABC-1/pull-requests", """
                        {"integrationId":"%s","repository":"acme/web","sourceBranch":"abc-1-fix","targetBranch":"main","title":"ABC-1"}"""
                        .formatted(integrationId)});
    }

    /** Sends every mutating request with {@code jwtFor(account)} and proves each refused with nothing changed. */
    private void everyChangeIsRefusedWithoutSideEffect(String what, java.util.function.Function<String, String> jwtFor) {
        var requests = mutatingRequests();
        var before = DatabaseSnapshot.of(jdbc);
        int hostCalls = host.requestsWithAnyCredential();
        for (String[] request : requests) {
            String account = request[1].startsWith("/api/integrations") ? admin : alice;
            var response = http.send(request[0], request[1], jwtFor.apply(account), request[2]);
            assertThat(response.statusCode()).as("%s: %s %s -> %s", what, request[0], request[1], response.body()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(site.sharedSecret());
        }
        assertThat(DatabaseSnapshot.of(jdbc)).as(what).isEqualTo(before);
        assertThat(host.requestsWithAnyCredential()).as(what).isEqualTo(hostCalls);
    }

    private JWTClaimsSet contextClaims(String issuer, String account) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(account)
                .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(Instant.now().plusSeconds(180)))
                .claim("qsh", "context-qsh").claim("context", Map.of("user", Map.of("accountId", account))).build();
    }

    @Test
    void theSameRequestsWithAGoodTokenDoChangeThings() {
        // The refusals below prove something only if these requests would otherwise succeed.
        var before = DatabaseSnapshot.counts(jdbc);
        var patched = http.send("PATCH", "/api/integrations/" + integrationId, site.contextJwt(admin), "{\"name\":\"Renamed\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/me/tokens/" + integrationId, site.contextJwt(alice), null).statusCode()).isEqualTo(204);
        assertThat(DatabaseSnapshot.counts(jdbc).get("user_token")).isEqualTo(before.get("user_token") - 1);
    }

    @Test
    void unsignedAlgNoneTokensAreRefused() {
        everyChangeIsRefusedWithoutSideEffect("alg none", account -> new PlainJWT(contextClaims(site.clientKey(), account)).serialize());
        // The same, with the header spelled as some libraries accept it and a signature part that is not empty.
        everyChangeIsRefusedWithoutSideEffect("alg None", account -> Base64URL.encode("{\"alg\":\"None\",\"typ\":\"JWT\"}") + "."
                + Base64URL.encode(contextClaims(site.clientKey(), account).toString()) + "." + Base64URL.encode("sig"));
        assertThat(http.get("/pages/admin", new PlainJWT(new JWTClaimsSet.Builder(contextClaims(site.clientKey(), admin))
                .claim("qsh", com.gitbridge.testing.QueryStringHash.of("GET", "/pages/admin")).build()).serialize()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void tokensIssuedInTheFutureAreRefused() {
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        everyChangeIsRefusedWithoutSideEffect("future iat", account -> ConnectJwt.context(site.clientKey(), account)
                .issuedAt(inAnHour, Duration.ofMinutes(3)).signHs256(site.sharedSecret()));
        assertThat(http.get("/api/me/tokens", ConnectJwt.context(site.clientKey(), alice)
                .issuedAt(inAnHour, Duration.ofMinutes(3)).signHs256(site.sharedSecret())).statusCode()).isEqualTo(401);
        // A few seconds of clock skew between Jira and the app is not a forgery.
        assertThat(http.get("/api/me/tokens", ConnectJwt.context(site.clientKey(), alice)
                .issuedAt(Instant.now().plusSeconds(10), Duration.ofMinutes(3)).signHs256(site.sharedSecret())).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensNamingThisSiteButSignedWithAnotherSitesSecretAreRefused() {
        everyChangeIsRefusedWithoutSideEffect("other site's secret",
                account -> ConnectJwt.context(site.clientKey(), account).signHs256(otherSite.sharedSecret()));
    }

    @Test
    void expiredTokensWithoutQshAndPageTokensChangeNothing() {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        everyChangeIsRefusedWithoutSideEffect("expired", account -> ConnectJwt.context(site.clientKey(), account)
                .issuedAt(anHourAgo, Duration.ofMinutes(3)).signHs256(site.sharedSecret()));
        everyChangeIsRefusedWithoutSideEffect("no qsh", account -> ConnectJwt.context(site.clientKey(), account)
                .withoutQsh().signHs256(site.sharedSecret()));
        everyChangeIsRefusedWithoutSideEffect("page token",
                account -> site.pageJwt(account, "GET", "/pages/admin"));
        everyChangeIsRefusedWithoutSideEffect("no token", account -> null);
    }

    @Test
    void contextTokensAreRefusedOnEveryPage() {
        for (String page : List.of("/pages/admin", "/pages/user-settings",
                "/pages/issue-panel?issueKey=ABC-1&issueId=10001&projectKey=ABC&projectId=10000")) {
            assertThat(http.get(page, site.contextJwt(admin)).statusCode()).as(page).isEqualTo(401);
            assertThat(http.get(page + (page.contains("?") ? "&" : "?") + "jwt=" + site.contextJwt(admin), null).statusCode())
                    .as(page).isEqualTo(401);
        }
    }

    // Lifecycle callbacks naming a site that is already installed: a forgery must not take it over.

    private String lifecycleBody(String eventType, String clientKey, String secret, String siteUrl) {
        return """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s",
                 "productType":"jira","description":"Test site","eventType":"%s"}
                """.formatted(clientKey, secret, siteUrl, eventType);
    }

    private String rs256(ConnectJwt jwt) {
        return jwt.signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
    }

    private Map<String, Object> storedHost(String clientKey) {
        return new LinkedHashMap<>(jdbc.queryForMap("select * from atlassian_host where client_key = ?", clientKey));
    }

    @Test
    void installCallbacksThatWouldTakeOverAnInstalledSiteAreRefused() {
        String victim = site.clientKey();
        var before = DatabaseSnapshot.of(jdbc);
        String takeOver = lifecycleBody("installed", victim, "attacker-" + UUID.randomUUID() + UUID.randomUUID(),
                "https://attacker.example");

        // Signed by Atlassian's key, but for another site.
        assertThat(http.send("POST", "/installed", rs256(ConnectJwt.forRequest(otherSite.clientKey(), null, "POST", "/installed")
                .audience(ADDON_BASE_URL)), takeOver).statusCode()).isEqualTo(401);
        // Without an audience: not meant for this app.
        assertThat(http.send("POST", "/installed", rs256(ConnectJwt.forRequest(victim, null, "POST", "/installed")),
                takeOver).statusCode()).isEqualTo(401);
        // With the issuer's own shared secret instead of Atlassian's key (signed install is on).
        assertThat(http.send("POST", "/installed", ConnectJwt.forRequest(victim, null, "POST", "/installed")
                .audience(ADDON_BASE_URL).signHs256(site.sharedSecret()), takeOver).statusCode()).isEqualTo(401);
        // Unsigned.
        assertThat(http.send("POST", "/installed", new PlainJWT(new JWTClaimsSet.Builder().issuer(victim)
                .audience(ADDON_BASE_URL).issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(180)))
                .claim("qsh", com.gitbridge.testing.QueryStringHash.of("POST", "/installed")).build()).serialize(), takeOver)
                .statusCode()).isEqualTo(401);
        // Issued in the future.
        assertThat(http.send("POST", "/installed", rs256(ConnectJwt.forRequest(victim, null, "POST", "/installed")
                .audience(ADDON_BASE_URL).issuedAt(Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(3))), takeOver)
                .statusCode()).isEqualTo(401);

        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
        assertThat(hosts.findById(victim).orElseThrow().getSharedSecret()).isEqualTo(site.sharedSecret());
    }

    @Test
    void anUninstallSignedForAnotherSiteLeavesTheSiteInstalled() {
        var before = storedHost(site.clientKey());
        String uninstall = lifecycleBody("uninstalled", site.clientKey(), site.sharedSecret(), site.baseUrl());

        assertThat(http.send("POST", "/uninstalled", rs256(ConnectJwt.forRequest(otherSite.clientKey(), null, "POST", "/uninstalled")
                .audience(ADDON_BASE_URL)), uninstall).statusCode()).isEqualTo(401);
        assertThat(http.send("POST", "/uninstalled", rs256(ConnectJwt.forRequest(site.clientKey(), null, "POST", "/uninstalled")
                .audience("https://someone-else.example")), uninstall).statusCode()).isEqualTo(401);

        assertThat(storedHost(site.clientKey())).isEqualTo(before);
        assertThat(http.get("/api/me/tokens", site.contextJwt(alice)).statusCode()).isEqualTo(200);
    }
}
