package com.gitbridge.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.canary.Canary;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithRepositories;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Forge Remote calls: {@code /api} takes a Forge invocation token ({@code Authorization: Bearer}) that the Connect
 * library verifies with the keys of its configured JWKS URL (here a local one) and {@code app.id} as audience, and
 * acts for the site the token's installation belongs to and the token's user, exactly as for that site's Connect
 * JWT. No other site's data is ever answered.
 */
@Import(ForgeInvocationTokenTest.WhoAmI.class)
class ForgeInvocationTokenTest extends AppTestBase {

    private static final String WHO_AM_I = "/api/test/forge-whoami";
    private static final String JWKS_PATH = "/forge-" + UUID.randomUUID() + "/.well-known/jwks.json";
    private static final RSAKey FORGE_KEY = ForgeToken.newKey("forge-key-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        TestHosts.server().stubFor(get(urlPathEqualTo(JWKS_PATH))
                .willReturn(okJson(new JWKSet(FORGE_KEY.toPublicJWK()).toString())));
    }

    @DynamicPropertySource
    static void forge(DynamicPropertyRegistry registry) {
        registry.add("atlassian.connect.forge-invocation-token-jwks-url", () -> TestHosts.baseUrl() + JWKS_PATH);
        registry.add("app.id", () -> ForgeToken.APP_ID);
    }

    @TestConfiguration
    @RestController
    static class WhoAmI {
        @GetMapping(WHO_AM_I)
        JiraUser whoAmI(JiraUser user) {
            return user;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String adminA = "admin-a-" + UUID.randomUUID();
    private final String adminB = "admin-b-" + UUID.randomUUID();
    private final String installationA = ForgeToken.newInstallationId();
    private final String installationB = ForgeToken.newInstallationId();
    private final String siteAsIntegration = "Site A's GitHub " + UUID.randomUUID();
    private final String siteBsIntegration = "Site B's GitHub " + UUID.randomUUID();
    private TestTenant siteA;
    private TestTenant siteB;

    @BeforeEach
    void twoSitesOnForge() {
        siteA = install("client-" + UUID.randomUUID(), new JiraStub("/jira-" + UUID.randomUUID()).administrator(adminA),
                installationA);
        siteB = install("client-" + UUID.randomUUID(), new JiraStub("/jira-" + UUID.randomUUID()).administrator(adminB),
                installationB);
        addIntegration(siteA, adminA, siteAsIntegration);
        addIntegration(siteB, adminB, siteBsIntegration);
    }

    /** The site installs the app as Jira does for an app on Forge: the signed callback names the installation. */
    private TestTenant install(String clientKey, JiraStub jira, String installationId) {
        String secret = Canary.secret("shared-", "") + UUID.randomUUID() + "-" + UUID.randomUUID();
        String jwt = ConnectJwt.forRequest(clientKey, null, "POST", "/installed").audience(ADDON_BASE_URL)
                .signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
        var installed = http.send("POST", "/installed", jwt, """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s","productType":"jira",
                 "description":"Test site","eventType":"installed","installationId":"%s"}
                """.formatted(clientKey, secret, jira.siteUrl(), installationId));
        assertThat(installed.statusCode()).isEqualTo(204);
        return new TestTenant(clientKey, secret, jira.siteUrl());
    }

    private void reinstall(TestTenant site, String installationId) {
        String jwt = ConnectJwt.forRequest(site.clientKey(), null, "POST", "/installed").audience(ADDON_BASE_URL)
                .signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
        var installed = http.send("POST", "/installed", jwt, """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s","productType":"jira",
                 "description":"Test site","eventType":"installed","installationId":"%s"}
                """.formatted(site.clientKey(), site.sharedSecret(), site.baseUrl(), installationId));
        assertThat(installed.statusCode()).isEqualTo(204);
    }

    private void addIntegration(TestTenant site, String admin, String name) {
        var host = new GitHubEnterpriseWithRepositories();
        var credential = host.newCredential();
        host.accept(credential, "integration-bot");
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"%s","baseUrl":"%s","credential":%s,"requireUserPat":false}
                """.formatted(name, host.baseUrl(), credential.json()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> getWithBearer(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int keyFetches() {
        return TestHosts.server().countRequestsMatching(getRequestedFor(urlPathEqualTo(JWKS_PATH)).build()).getCount();
    }

    @Test
    void forgeTokenActsAsTheSameSiteAndUserAsTheSitesConnectJwt() throws Exception {
        int fetchesBefore = keyFetches();
        String forgeToken = ForgeToken.of(installationA, adminA).sign(FORGE_KEY);

        var forgeUser = getWithBearer(WHO_AM_I, forgeToken);
        var connectUser = http.get(WHO_AM_I, siteA.contextJwt(adminA));
        assertThat(forgeUser.statusCode()).as(forgeUser.body()).isEqualTo(200);
        assertThat(JSON.readTree(forgeUser.body())).isEqualTo(JSON.readTree(connectUser.body()));
        assertThat(JSON.readTree(forgeUser.body()).path("tenantId").asText()).isEqualTo(siteA.clientKey());

        var forgeIntegrations = getWithBearer("/api/integrations", forgeToken);
        var connectIntegrations = http.get("/api/integrations", siteA.contextJwt(adminA));
        assertThat(forgeIntegrations.statusCode()).as(forgeIntegrations.body()).isEqualTo(200);
        assertThat(JSON.readTree(forgeIntegrations.body())).isEqualTo(JSON.readTree(connectIntegrations.body()));
        assertThat(forgeIntegrations.body()).contains(siteAsIntegration).doesNotContain(siteBsIntegration);
        assertThat(keyFetches()).as("the library verified the token with the configured JWKS").isGreaterThan(fetchesBefore);
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        RSAKey impostor = ForgeToken.newKey(FORGE_KEY.getKeyID());
        var response = getWithBearer("/api/integrations", ForgeToken.of(installationA, adminA).sign(impostor));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("token is not valid").doesNotContain(siteAsIntegration);
    }

    @Test
    void tokenForAnotherAppIsRefused() {
        String otherApp = ForgeToken.of(installationA, adminA).audience("ari:cloud:ecosystem::app/" + UUID.randomUUID())
                .sign(FORGE_KEY);
        var response = getWithBearer("/api/integrations", otherApp);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("for another app").doesNotContain(siteAsIntegration);
    }

    @Test
    void tokenOfAnotherSitesInstallationActsOnThatSiteOnly() {
        // Site A's administrator, holding a token of site B's installation, is no administrator there.
        var asAdminA = getWithBearer("/api/integrations", ForgeToken.of(installationB, adminA).sign(FORGE_KEY));
        assertThat(asAdminA.statusCode()).isEqualTo(403);
        assertThat(asAdminA.body()).doesNotContain(siteAsIntegration).doesNotContain(siteBsIntegration);

        var asAdminB = getWithBearer("/api/integrations", ForgeToken.of(installationB, adminB).sign(FORGE_KEY));
        assertThat(asAdminB.statusCode()).isEqualTo(200);
        assertThat(asAdminB.body()).contains(siteBsIntegration).doesNotContain(siteAsIntegration);
    }

    @Test
    void installationOfNoSiteIsRefused() {
        var response = getWithBearer("/api/integrations", ForgeToken.of(ForgeToken.newInstallationId(), adminA).sign(FORGE_KEY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("not linked to a Jira site");
    }

    @Test
    void installationASiteHasReplacedIsRefused() {
        String newInstallation = ForgeToken.newInstallationId();
        reinstall(siteA, newInstallation);

        var old = getWithBearer("/api/integrations", ForgeToken.of(installationA, adminA).sign(FORGE_KEY));
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("not the site's current installation").doesNotContain(siteAsIntegration);
        var current = getWithBearer("/api/integrations", ForgeToken.of(newInstallation, adminA).sign(FORGE_KEY));
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).contains(siteAsIntegration);
    }

    @Test
    void tokenOfASiteThatUninstalledTheAppIsRefused() {
        String jwt = ConnectJwt.forRequest(siteA.clientKey(), null, "POST", "/uninstalled").audience(ADDON_BASE_URL)
                .signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
        var uninstalled = http.send("POST", "/uninstalled", jwt, """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s","productType":"jira",
                 "eventType":"uninstalled"}""".formatted(siteA.clientKey(), siteA.sharedSecret(), siteA.baseUrl()));
        assertThat(uninstalled.statusCode()).isEqualTo(204);

        var response = getWithBearer(WHO_AM_I, ForgeToken.of(installationA, adminA).sign(FORGE_KEY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(siteA.clientKey());
    }

    @Test
    void tokenNamingNoUserIsRefused() {
        var response = getWithBearer(WHO_AM_I, ForgeToken.of(installationA, adminA).withoutPrincipal().sign(FORGE_KEY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("names no user");
    }

    @Test
    void expiredTokenIsRefusedWithoutFetchingTheKeys() {
        int fetchesBefore = keyFetches();
        String expired = ForgeToken.of(installationA, adminA)
                .issuedAt(Instant.now().minusSeconds(900), Duration.ofMinutes(5)).sign(FORGE_KEY);
        assertThat(getWithBearer(WHO_AM_I, expired).statusCode()).isEqualTo(401);
        assertThat(getWithBearer(WHO_AM_I, "not-a-token").statusCode()).isEqualTo(401);
        assertThat(keyFetches()).isEqualTo(fetchesBefore);
    }

    @Test
    void pagesDoNotTakeForgeTokens() {
        int fetchesBefore = keyFetches();
        var response = getWithBearer("/pages/admin", ForgeToken.of(installationA, adminA).sign(FORGE_KEY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("Manage Git repositories");
        assertThat(keyFetches()).isEqualTo(fetchesBefore);
    }
}
