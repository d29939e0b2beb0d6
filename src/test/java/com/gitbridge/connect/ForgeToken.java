package com.gitbridge.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Builds Forge invocation tokens as Forge signs them for a remote, with switches for the ways one can be wrong. */
final class ForgeToken {

    static final String APP_ID = "ari:cloud:ecosystem::app/6f1e2a4c-2b8d-4c1e-9a53-0d6f1b7e4a21";

    private final String installationId;
    private String principal;
    private String audience = APP_ID;
    private String issuer = ForgeTokenShapeFilter.FORGE_ISSUER;
    private Instant issuedAt = Instant.now().minusSeconds(5);
    private Duration lifetime = Duration.ofMinutes(5);

    private ForgeToken(String installationId, String principal) {
        this.installationId = installationId;
        this.principal = principal;
    }

    static ForgeToken of(String installationId, String principal) {
        return new ForgeToken(installationId, principal);
    }

    static String newInstallationId() {
        return "ari:cloud:ecosystem::installation/" + UUID.randomUUID();
    }

    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    ForgeToken audience(String audience) {
        this.audience = audience;
        return this;
    }

    ForgeToken issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    ForgeToken withoutPrincipal() {
        this.principal = null;
        return this;
    }

    ForgeToken issuedAt(Instant issuedAt, Duration lifetime) {
        this.issuedAt = issuedAt;
        this.lifetime = lifetime;
        return this;
    }

    String sign(RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String signHs256(String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet claims() {
        String cloudId = UUID.randomUUID().toString();
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("id", APP_ID);
        app.put("version", "3");
        app.put("installationId", installationId);
        app.put("apiBaseUrl", "https://api.atlassian.com/ex/jira/" + cloudId);
        app.put("environment", Map.of("type", "PRODUCTION", "id", UUID.randomUUID().toString()));
        app.put("module", Map.of("type", "core:endpoint", "key", "git-bridge-backend"));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .claim("app", app)
                .claim("context", Map.of("cloudId", cloudId, "moduleKey", "git-bridge-backend"));
        if (principal != null) {
            claims.claim("principal", principal);
        }
        return claims.build();
    }
}
