package com.gitbridge.connect;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 401 a {@code jwt} parameter on {@code /api}, whatever the {@code Authorization} header holds. The
 * Connect library reads a token from the parameter when the header has none, but the pages send the API their context
 * JWT in the header only, and a token in a URL lives on in proxy logs, browser history and {@code Referer} headers.
 * Pages keep the parameter: Jira puts the iframe's JWT there.
 */
class ApiJwtInQueryFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiJwtInQueryFilter.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Decoded and normalised, as Spring MVC matches it: /%61pi/ is /api/.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals("/api") || path.startsWith("/api/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The parameter map, as the library reads it: the query and, for a form post, the body.
        if (request.getParameterMap().containsKey("jwt")) {
            log.info("Refused a JWT parameter for {} {}", request.getMethod(), request.getRequestURI());
            UnauthorizedResponse.send(response, "Send the JWT in the Authorization header");
            return;
        }
        chain.doFilter(request, response);
    }
}
