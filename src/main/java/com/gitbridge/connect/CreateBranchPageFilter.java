package com.gitbridge.connect;

import java.io.IOException;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.atlassian.connect.spring.AtlassianHostUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /pages/create-branch}, the page Jira's Development panel opens in a browser tab. The page
 * load ({@code GET}) is authenticated by the {@code jwt} query parameter alone, which the Connect library has already
 * verified (HS256 with the site's shared secret, not expired) and {@link JwtGuardFilter} checked (site installed, a
 * {@code qsh}); it must name a user, and its {@code qsh} must be this request's (the library's interceptor checks
 * that, as on every page) or {@code context-qsh} (admitted here: the authentication is then this page's own, which
 * the library's interceptor does not hold to a request's {@code qsh}). The load gets a page token
 * ({@link CreateBranchPageTokens}) for the page's form; each post of that form ({@code POST}) is authenticated by
 * that token alone, for the issue it names. Anything else answers 401. The responses send
 * {@code Referrer-Policy: no-referrer}: the page's URL holds the JWT.
 */
class CreateBranchPageFilter extends OncePerRequestFilter {

    static final String PAGE_TOKEN_FIELD = "pageToken";
    static final String PAGE_TOKEN_ATTRIBUTE = CreateBranchPageFilter.class.getName() + ".pageToken";
    private static final String ISSUE_KEY = "issueKey";
    private static final Logger log = LoggerFactory.getLogger(CreateBranchPageFilter.class);

    private final CreateBranchPageTokens tokens;
    private final AtlassianHostRepository hosts;

    CreateBranchPageFilter(CreateBranchPageTokens tokens, AtlassianHostRepository hosts) {
        this.tokens = tokens;
        this.hosts = hosts;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !path.equals(ConnectDescriptor.CREATE_BRANCH_PAGE_PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Referrer-Policy", "no-referrer");
        String method = request.getMethod();
        if (!HttpMethod.GET.matches(method) && !HttpMethod.POST.matches(method)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AtlassianHostUser> hostUser = HttpMethod.GET.matches(method) ? fromJwt(request) : fromPageToken(request);
        if (hostUser.isEmpty()) {
            log.info("Refused {} {}", method, ConnectDescriptor.CREATE_BRANCH_PAGE_PATH);
            UnauthorizedResponse.send(response, HttpMethod.GET.matches(method)
                    ? "Open this page from the issue's Development panel in Jira"
                    : "This page has expired: open it again from the issue's Development panel in Jira");
            return;
        }
        MDC.put("tenant", hostUser.get().getHost().getClientKey());
        hostUser.get().getUserAccountId().ifPresent(account -> MDC.put("user", account));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("tenant");
            MDC.remove("user");
        }
    }

    /** The JWT's site and user, with a new page token for the issue; empty for no JWT, no user or no issue key. */
    private Optional<AtlassianHostUser> fromJwt(HttpServletRequest request) {
        Optional<ConnectJwts> jwt = ConnectJwts.current();
        String issueKey = request.getParameter(ISSUE_KEY);
        if (jwt.isEmpty() || issueKey == null || jwt.get().hostUser().getUserAccountId().isEmpty()) {
            return Optional.empty();
        }
        AtlassianHostUser hostUser = jwt.get().hostUser();
        String token = tokens.issue(hostUser.getHost(), hostUser.getUserAccountId().get(), issueKey);
        request.setAttribute(PAGE_TOKEN_ATTRIBUTE, token);
        if (ConnectJwts.CONTEXT_QSH.equals(jwt.get().qsh())) {
            SecurityContextHolder.getContext().setAuthentication(new CreateBranchPageAuthentication(hostUser));
        }
        return Optional.of(hostUser);
    }

    /** The site and user of the form's page token, if it is valid for the form's issue and the site is installed. */
    private Optional<AtlassianHostUser> fromPageToken(HttpServletRequest request) {
        String token = request.getParameter(PAGE_TOKEN_FIELD);
        String issueKey = request.getParameter(ISSUE_KEY);
        Optional<AtlassianHost> host = CreateBranchPageTokens.clientKey(token).flatMap(hosts::findById)
                .filter(AtlassianHost::isAddonInstalled);
        if (host.isEmpty() || issueKey == null) {
            return Optional.empty();
        }
        Optional<AtlassianHostUser> hostUser = tokens.verify(token, host.get())
                .filter(claims -> claims.issueKey().equals(issueKey))
                .map(claims -> AtlassianHostUser.builder(host.get()).withUserAccountId(claims.accountId()).build());
        hostUser.ifPresent(user -> {
            request.setAttribute(PAGE_TOKEN_ATTRIBUTE, token);
            SecurityContextHolder.getContext().setAuthentication(new CreateBranchPageAuthentication(user));
        });
        return hostUser;
    }
}
