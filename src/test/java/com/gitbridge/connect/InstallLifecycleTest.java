package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.UUID;

import javax.sql.DataSource;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class InstallLifecycleTest extends AppTestBase {

    @Autowired
    DataSource dataSource;

    private final String clientKey = "client-" + UUID.randomUUID();
    private final String sharedSecret = Canary.secret("shared-", "") + UUID.randomUUID() + "-" + UUID.randomUUID();

    private String lifecycleBody(String eventType, String secret, String siteUrl) {
        return """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s",
                 "productType":"jira","description":"Test site","eventType":"%s"}
                """.formatted(clientKey, secret, siteUrl, eventType);
    }

    private ConnectJwt signedLifecycleJwt(String path) {
        return ConnectJwt.forRequest(clientKey, null, "POST", path).audience(ADDON_BASE_URL);
    }

    private int install(String jwt, String secret, String siteUrl) {
        return http.send("POST", "/installed", jwt, lifecycleBody("installed", secret, siteUrl)).statusCode();
    }

    private String rs256(ConnectJwt jwt) {
        return jwt.signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
    }

    @Test
    void signedInstallStoresTheHostWithItsSecretEncrypted() {
        int status = install(rs256(signedLifecycleJwt("/installed")), sharedSecret, "https://acme.atlassian.net");

        assertThat(status).isEqualTo(204);
        var host = hosts.findById(clientKey).orElseThrow();
        assertThat(host.getBaseUrl()).isEqualTo("https://acme.atlassian.net");
        assertThat(host.isAddonInstalled()).isTrue();
        assertThat(host.getSharedSecret()).isEqualTo(sharedSecret);
        String stored = new JdbcTemplate(dataSource).queryForObject(
                "select shared_secret from atlassian_host where client_key = ?", String.class, clientKey);
        assertThat(stored).doesNotContain(sharedSecret).startsWith("v2:");
    }

    @Test
    void installSignedWithSharedSecretIsRefused() {
        String hs256 = signedLifecycleJwt("/installed").signHs256(sharedSecret);
        assertThat(install(hs256, sharedSecret, "https://acme.atlassian.net")).isEqualTo(401);
        assertThat(hosts.findById(clientKey)).isEmpty();
    }

    @Test
    void installSignedByAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey otherKey = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        String forged = signedLifecycleJwt("/installed").signRs256(otherKey, InstallKeyServer.KEY_ID);

        assertThat(install(forged, sharedSecret, "https://acme.atlassian.net")).isEqualTo(401);
        assertThat(hosts.findById(clientKey)).isEmpty();
    }

    @Test
    void installForAnotherAppsBaseUrlIsRefused() {
        String wrongAudience = rs256(signedLifecycleJwt("/installed").audience("https://someone-else.example"));
        assertThat(install(wrongAudience, sharedSecret, "https://acme.atlassian.net")).isEqualTo(401);
        assertThat(hosts.findById(clientKey)).isEmpty();
    }

    @Test
    void installWithoutJwtIsRefused() {
        assertThat(install(null, sharedSecret, "https://acme.atlassian.net")).isEqualTo(401);
        assertThat(hosts.findById(clientKey)).isEmpty();
    }

    @Test
    void installSignedForOneSiteCannotRegisterAnother() {
        String jwtOfOtherSite = rs256(ConnectJwt.forRequest("client-other-" + UUID.randomUUID(), null, "POST", "/installed")
                .audience(ADDON_BASE_URL));
        assertThat(install(jwtOfOtherSite, sharedSecret, "https://acme.atlassian.net")).isEqualTo(401);
        assertThat(hosts.findById(clientKey)).isEmpty();
    }

    @Test
    void signedReinstallUpdatesTheHost() {
        assertThat(install(rs256(signedLifecycleJwt("/installed")), sharedSecret, "https://acme.atlassian.net")).isEqualTo(204);

        String newSecret = Canary.secret("rotated-", "") + UUID.randomUUID() + "-" + UUID.randomUUID();
        assertThat(install(rs256(signedLifecycleJwt("/installed")), newSecret, "https://acme-renamed.atlassian.net")).isEqualTo(204);

        var host = hosts.findById(clientKey).orElseThrow();
        assertThat(host.getSharedSecret()).isEqualTo(newSecret);
        assertThat(host.getBaseUrl()).isEqualTo("https://acme-renamed.atlassian.net");
    }

    @Test
    void signedUninstallMarksTheHostUninstalled() {
        assertThat(install(rs256(signedLifecycleJwt("/installed")), sharedSecret, "https://acme.atlassian.net")).isEqualTo(204);

        int status = http.send("POST", "/uninstalled", rs256(signedLifecycleJwt("/uninstalled")),
                lifecycleBody("uninstalled", sharedSecret, "https://acme.atlassian.net")).statusCode();

        assertThat(status).isEqualTo(204);
        assertThat(hosts.findById(clientKey).orElseThrow().isAddonInstalled()).isFalse();
    }
}
