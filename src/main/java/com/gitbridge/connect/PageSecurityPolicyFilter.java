package com.gitbridge.connect;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The pages' {@code Content-Security-Policy}: only Jira Cloud ({@code gitbridge.pages.frame-ancestors}) may frame
 * them, and scripts come only from the app and from where Jira's {@code all.js} is served, so markup that a host or a
 * user slipped into a page cannot run. The pages have no inline script for it to block. Frame options are left to
 * this policy: the Connect library sends no {@code X-Frame-Options}, which would forbid Jira's iframe.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class PageSecurityPolicyFilter extends OncePerRequestFilter {

    private final String policy;

    PageSecurityPolicyFilter(@Value("${gitbridge.pages.frame-ancestors}") String frameAncestors,
                             @Value("${atlassian.connect.all-js-url:}") String allJsUrl,
                             @Value("${atlassian.connect.debug-all-js:false}") boolean debugAllJs) {
        this.policy = policy(frameAncestors, ConnectPageModel.allJsUrl(allJsUrl, debugAllJs));
    }

    static String policy(String frameAncestors, String allJsUrl) {
        return "frame-ancestors " + frameAncestors.trim()
                + "; script-src 'self'" + origin(allJsUrl)
                + "; object-src 'none'; base-uri 'none'";
    }

    /** {@code " https://connect-cdn.atl-paas.net"} for Atlassian's all.js; nothing for one the app serves itself. */
    private static String origin(String url) {
        URI uri = URI.create(url);
        if (uri.getHost() == null) {
            return "";
        }
        String scheme = uri.getScheme() == null ? "https" : uri.getScheme();
        return " " + scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !path.startsWith("/pages/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", policy);
        chain.doFilter(request, response);
    }
}
