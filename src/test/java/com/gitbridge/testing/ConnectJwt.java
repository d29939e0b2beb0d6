package com.gitbridge.testing;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Builds Connect JWTs as Jira would sign them, with switches for every way one can be wrong. */
public final class ConnectJwt {

    private String issuer;
    private String subject;
    private String audience;
    private Object qsh;
    private boolean withQsh = true;
    private Instant issuedAt = Instant.now().minusSeconds(5);
    private Duration lifetime = Duration.ofMinutes(3);
    private Instant notBefore;
    private Map<String, Object> context;

    private ConnectJwt() {
    }

    /** A context JWT, as {@code AP.context.getToken()} gives a page. */
    public static ConnectJwt context(String clientKey, String accountId) {
        ConnectJwt jwt = new ConnectJwt();
        jwt.issuer = clientKey;
        jwt.subject = accountId;
        jwt.qsh = "context-qsh";
        if (accountId != null) {
            jwt.context = Map.of("user", Map.of("accountId", accountId));
        }
        return jwt;
    }

    /** A JWT bound to one request, as Jira signs an iframe's URL or a lifecycle callback. */
    public static ConnectJwt forRequest(String clientKey, String accountId, String method, String pathAndQuery) {
        ConnectJwt jwt = new ConnectJwt();
        jwt.issuer = clientKey;
        jwt.subject = accountId;
        jwt.qsh = QueryStringHash.of(method, pathAndQuery);
        return jwt;
    }

    public ConnectJwt withoutQsh() {
        this.withQsh = false;
        return this;
    }

    public ConnectJwt qsh(Object qsh) {
        this.qsh = qsh;
        return this;
    }

    public ConnectJwt audience(String audience) {
        this.audience = audience;
        return this;
    }

    public ConnectJwt issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public ConnectJwt issuedAt(Instant issuedAt, Duration lifetime) {
        this.issuedAt = issuedAt;
        this.lifetime = lifetime;
        return this;
    }

    public ConnectJwt notBefore(Instant notBefore) {
        this.notBefore = notBefore;
        return this;
    }

    public String signHs256(String sharedSecret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
            jwt.sign(new MACSigner(sharedSecret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String signRs256(RSAPrivateKey key, String keyId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet claims() {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)));
        if (notBefore != null) {
            claims.notBeforeTime(Date.from(notBefore));
        }
        if (subject != null) {
            claims.subject(subject);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        if (withQsh) {
            claims.claim("qsh", qsh);
        }
        if (context != null) {
            claims.claim("context", context);
        }
        return claims.build();
    }
}
