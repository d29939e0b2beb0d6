package com.gitbridge.connect;

import java.io.IOException;

import com.gitbridge.logging.SecretRedactor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs right after the Connect library's JWT filter and refuses what the library alone would accept: a JWT of a
 * site that has uninstalled the app, a JWT without a {@code qsh} claim, and a self-authentication token (the app
 * issues none). It also puts tenant and user into the logging context.
 */
class JwtGuardFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(JwtGuardFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var jwt = ConnectJwts.current();
        if (jwt.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        var hostUser = jwt.get().hostUser();
        String refusal = refusal(jwt.get());
        if (refusal != null) {
            log.info("Refused JWT of host {} for {} {}: {}", hostUser.getHost().getClientKey(),
                    request.getMethod(), SecretRedactor.redact(request.getRequestURI()), refusal);
            UnauthorizedResponse.send(response, refusal);
            return;
        }
        MDC.put("tenant", hostUser.getHost().getClientKey());
        hostUser.getUserAccountId().ifPresent(account -> MDC.put("user", account));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("tenant");
            MDC.remove("user");
        }
    }

    private static String refusal(ConnectJwts jwt) {
        if (!jwt.hostUser().getHost().isAddonInstalled()) {
            return "The app is not installed on this site";
        }
        if (jwt.qsh() == null) {
            return "The token has no qsh claim";
        }
        if (ConnectDescriptor.ADDON_KEY.equals(jwt.claims().getIssuer())) {
            return "Self-issued tokens are not accepted";
        }
        return null;
    }
}
