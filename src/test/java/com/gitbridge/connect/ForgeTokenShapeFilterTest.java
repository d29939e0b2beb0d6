package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

/** What is refused before the Connect library fetches the JWKS to verify a bearer token. */
class ForgeTokenShapeFilterTest {

    private static final RSAKey KEY = ForgeToken.newKey("shape-test");
    private static final String INSTALLATION = ForgeToken.newInstallationId();

    private static String refusal(ForgeToken token, String appId) {
        return ForgeTokenShapeFilter.refusal(token.sign(KEY), appId, Instant.now());
    }

    @Test
    void passesAnRs256TokenOfForgeForThisAppThatHasNotExpired() {
        assertThat(refusal(ForgeToken.of(INSTALLATION, "5b10ac8d82e05b22cc7d4ef5"), ForgeToken.APP_ID)).isNull();
    }

    @Test
    void refusesEveryBearerTokenWhenNoForgeAppIsConfigured() {
        assertThat(refusal(ForgeToken.of(INSTALLATION, "user"), "")).contains("no Forge app is configured");
        assertThat(refusal(ForgeToken.of(INSTALLATION, "user"), null)).contains("no Forge app is configured");
    }

    @Test
    void refusesTokensOfAnotherAppAnotherIssuerOrAnotherAlgorithm() {
        assertThat(refusal(ForgeToken.of(INSTALLATION, "user").audience("ari:cloud:ecosystem::app/another"), ForgeToken.APP_ID))
                .isEqualTo("The token is for another app");
        assertThat(refusal(ForgeToken.of(INSTALLATION, "user").issuer("client-key"), ForgeToken.APP_ID))
                .isEqualTo("The token is not a Forge invocation token");
        String hs256 = ForgeToken.of(INSTALLATION, "user").signHs256("a-shared-secret-of-at-least-256-bits-0123456789");
        assertThat(ForgeTokenShapeFilter.refusal(hs256, ForgeToken.APP_ID, Instant.now()))
                .isEqualTo("The token is not a Forge invocation token");
    }

    @Test
    void refusesAnExpiredTokenButAllowsTheLibrarysClockSkew() {
        Instant now = Instant.now();
        String expiredLongAgo = ForgeToken.of(INSTALLATION, "user").issuedAt(now.minusSeconds(600), Duration.ofMinutes(5)).sign(KEY);
        String expiredMomentsAgo = ForgeToken.of(INSTALLATION, "user").issuedAt(now.minusSeconds(310), Duration.ofMinutes(5)).sign(KEY);
        assertThat(ForgeTokenShapeFilter.refusal(expiredLongAgo, ForgeToken.APP_ID, now)).isEqualTo("The token has expired");
        assertThat(ForgeTokenShapeFilter.refusal(expiredMomentsAgo, ForgeToken.APP_ID, now)).isNull();
    }

    @Test
    void refusesWhatIsNoSignedJwt() {
        assertThat(ForgeTokenShapeFilter.refusal("not-a-jwt", ForgeToken.APP_ID, Instant.now())).isEqualTo("The token is not a signed JWT");
        assertThat(ForgeTokenShapeFilter.refusal("", ForgeToken.APP_ID, Instant.now())).isEqualTo("The token is not a signed JWT");
    }
}
