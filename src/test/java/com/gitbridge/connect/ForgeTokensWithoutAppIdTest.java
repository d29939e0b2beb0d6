package com.gitbridge.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.TestHosts;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Without a Forge app id the app takes no Forge token at all: the Connect library would check no audience, so a token
 * Forge signed for any app would pass it. The keys are not even fetched.
 */
class ForgeTokensWithoutAppIdTest extends AppTestBase {

    private static final String JWKS_PATH = "/forge-" + UUID.randomUUID() + "/.well-known/jwks.json";
    private static final RSAKey FORGE_KEY = ForgeToken.newKey("forge-key-1");

    static {
        TestHosts.server().stubFor(get(urlPathEqualTo(JWKS_PATH))
                .willReturn(okJson(new JWKSet(FORGE_KEY.toPublicJWK()).toString())));
    }

    @DynamicPropertySource
    static void forgeKeysButNoAppId(DynamicPropertyRegistry registry) {
        registry.add("atlassian.connect.forge-invocation-token-jwks-url", () -> TestHosts.baseUrl() + JWKS_PATH);
    }

    @Test
    void aForgeSignedTokenIsRefusedUnread() throws Exception {
        var site = tenant();
        String token = ForgeToken.of(ForgeToken.newInstallationId(), "5b10ac8d82e05b22cc7d4ef5").sign(FORGE_KEY);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/integrations"))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("no Forge app is configured").doesNotContain(site.clientKey());
        assertThat(TestHosts.server().countRequestsMatching(getRequestedFor(urlPathEqualTo(JWKS_PATH)).build()).getCount())
                .isZero();
    }
}
