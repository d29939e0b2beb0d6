package com.gitbridge.connect;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 401, before the Connect library verifies it, a bearer token on {@code /api} that cannot be a Forge
 * invocation token of this app. The library fetches the whole JWKS for every bearer token it sees, and checks the
 * audience only when an app id is configured; so without {@code app.id} no bearer token is let through at all, and
 * with it only RS256 tokens issued by Forge for this app that have not expired. Unverified claims are enough to
 * refuse: the library verifies the signature of what passes.
 */
class ForgeTokenShapeFilter extends OncePerRequestFilter {

    static final String FORGE_ISSUER = "forge/invocation-token";
    private static final String BEARER = "bearer ";
    private static final Logger log = LoggerFactory.getLogger(ForgeTokenShapeFilter.class);
    /** The clock skew the library's verifier allows on {@code exp}. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final String appId;

    ForgeTokenShapeFilter(String appId) {
        this.appId = appId;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearerToken(request);
        String refusal = token == null ? null : refusal(token, appId, Instant.now());
        if (refusal != null) {
            log.info("Refused bearer token for {} {}: {}", request.getMethod(), request.getRequestURI(), refusal);
            UnauthorizedResponse.send(response, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The token as the library reads it: from an {@code Authorization} header whose scheme is {@code Bearer}, in any
     * case, the word after the first space.
     */
    static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return null;
        }
        String[] words = header.split(" ");
        return words.length > 1 ? words[1] : "";
    }

    static String refusal(String token, String appId, Instant now) {
        if (appId == null || appId.isBlank()) {
            return "Forge invocation tokens are not accepted: no Forge app is configured";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !FORGE_ISSUER.equals(claims.getIssuer())) {
                return "The token is not a Forge invocation token";
            }
            if (claims.getAudience() == null || !claims.getAudience().contains(appId)) {
                return "The token is for another app";
            }
            Date expiry = claims.getExpirationTime();
            if (expiry == null || expiry.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
                return "The token has expired";
            }
            return null;
        } catch (ParseException | RuntimeException e) {
            return "The token is not a signed JWT";
        }
    }
}
