package com.gitbridge.connect;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import com.gitbridge.logging.SecretRedactor;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 401, before the Connect library reads it, a JWT that is not signed the way Jira signs (HS256 with the
 * shared secret; RS256 for lifecycle callbacks), that says it was issued in the future or is not valid yet, or that
 * lives longer than an hour (Jira's live minutes). The library answers an unparsable or unsigned ({@code "alg":
 * "none"}) token with 400, and checks only a token's expiry, so a forged far-future {@code iat}/{@code exp} pair, or a
 * leaked token issued for a year, would live as long as its issuer liked. Unverified claims are enough to refuse.
 */
class JwtShapeFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(JwtShapeFilter.class);
    private static final Set<JWSAlgorithm> JIRA_ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256);
    /** The clock skew the Connect library allows on {@code exp} and {@code nbf}, allowed on {@code iat} too. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String jwt = jwt(request);
        String refusal = jwt == null ? null : refusal(jwt);
        if (refusal != null) {
            log.info("Refused JWT for {} {}: {}", request.getMethod(), SecretRedactor.redact(request.getRequestURI()),
                    refusal);
            UnauthorizedResponse.send(response, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Where the library looks: the {@code Authorization: JWT} header, else the {@code jwt} parameter. */
    private static String jwt(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith("JWT ")) {
            return header.substring(4);
        }
        String parameter = request.getParameter("jwt");
        return parameter == null || parameter.isEmpty() ? null : parameter;
    }

    static String refusal(String jwt) {
        try {
            JWSObject jws = JWSObject.parse(jwt);
            if (!JIRA_ALGORITHMS.contains(jws.getHeader().getAlgorithm())) {
                return "The token is not signed as Jira signs";
            }
            JWTClaimsSet claims = JWTClaimsSet.parse(jws.getPayload().toJSONObject());
            Instant latestValidStart = Instant.now().plus(CLOCK_SKEW);
            Date issued = claims.getIssueTime();
            if (issued != null && issued.toInstant().isAfter(latestValidStart)) {
                return "The token was issued in the future";
            }
            Date notBefore = claims.getNotBeforeTime();
            if (notBefore != null && notBefore.toInstant().isAfter(latestValidStart)) {
                return "The token is not valid yet";
            }
            Date expires = claims.getExpirationTime();
            if (issued != null && expires != null
                    && Duration.between(issued.toInstant(), expires.toInstant()).compareTo(MAX_LIFETIME) > 0) {
                return "The token lives longer than an hour";
            }
            return null;
        } catch (ParseException | RuntimeException e) {
            return "The token is not a signed JWT";
        }
    }
}
