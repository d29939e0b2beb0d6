package com.gitbridge.connect;

import java.io.IOException;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostMapping;
import com.atlassian.connect.spring.AtlassianHostMappingRepository;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.atlassian.connect.spring.AtlassianHostUser;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs on {@code /api} right after the Connect library's Forge filter, which leaves its own authentication in the
 * security context when it has verified the request's Forge invocation token, but no site. The site is the one the
 * library recorded for the token's installation id when the site installed the app ({@link AtlassianHostMapping}),
 * and the user is the token's principal, as the library's {@code @ForgeRemote(associateConnect = true)} resolves
 * them. That annotation cannot be used here: it makes a route refuse Connect JWTs, and {@code /api} takes both; and
 * the library's resolver is internal, off the app's compile path. A token the library did not verify, an installation
 * of no site, of a site that has uninstalled the app or that is not the site's current installation get a 401.
 */
class ForgeInvocationFilter extends OncePerRequestFilter {

    /** What the library's Forge filter puts into the security context for a verified token. */
    static final String LIBRARY_AUTHENTICATION = "com.atlassian.connect.spring.internal.auth.frc.ForgeAuthentication";
    private static final Logger log = LoggerFactory.getLogger(ForgeInvocationFilter.class);

    private final AtlassianHostMappingRepository installations;
    private final AtlassianHostRepository hosts;

    ForgeInvocationFilter(AtlassianHostMappingRepository installations, AtlassianHostRepository hosts) {
        this.installations = installations;
        this.hosts = hosts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = ForgeTokenShapeFilter.bearerToken(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!verifiedByLibrary(SecurityContextHolder.getContext().getAuthentication())) {
            refuse(request, response, "The Forge invocation token is not valid");
            return;
        }
        JWTClaimsSet claims = claims(token);
        String installationId = installationId(claims);
        if (installationId == null) {
            refuse(request, response, "The Forge invocation token names no installation");
            return;
        }
        Optional<AtlassianHost> host = installations.findById(installationId)
                .map(AtlassianHostMapping::getClientKey)
                .flatMap(hosts::findById);
        if (host.isEmpty()) {
            refuse(request, response, "The Forge installation is not linked to a Jira site");
            return;
        }
        if (!host.get().isAddonInstalled()) {
            refuse(request, response, "The app is not installed on this site");
            return;
        }
        if (!installationId.equals(host.get().getInstallationId())) {
            refuse(request, response, "The Forge installation is not the site's current installation");
            return;
        }
        var hostUser = AtlassianHostUser.builder(host.get());
        String principal = stringClaim(claims, "principal");
        if (principal != null) {
            hostUser.withUserAccountId(principal);
        }
        var invocation = new ForgeInvocation(hostUser.build(), claims);
        SecurityContextHolder.getContext().setAuthentication(invocation);
        MDC.put("tenant", host.get().getClientKey());
        invocation.hostUser().getUserAccountId().ifPresent(account -> MDC.put("user", account));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("tenant");
            MDC.remove("user");
        }
    }

    private static boolean verifiedByLibrary(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated()
                && authentication.getClass().getName().equals(LIBRARY_AUTHENTICATION);
    }

    /** The claims of the token the library has just verified; reading them again needs no second verification. */
    private static JWTClaimsSet claims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException("A token the Connect library verified does not parse", e);
        }
    }

    private static String installationId(JWTClaimsSet claims) {
        return claims.getClaim("app") instanceof Map<?, ?> app && app.get("installationId") instanceof String id
                ? id : null;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value ? value : null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String refusal)
            throws IOException {
        log.info("Refused Forge invocation token for {} {}: {}", request.getMethod(), request.getRequestURI(), refusal);
        UnauthorizedResponse.send(response, refusal);
    }
}
