package com.gitbridge.connect;

import java.util.List;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHostUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A create-branch page request that {@link CreateBranchPageFilter} authenticated itself: a form post with its page
 * token, or a page load with a context JWT. It takes the place of the library's JWT authentication on that one path,
 * so the library's interceptor sees a signed request without holding it to a request's {@code qsh}.
 */
final class CreateBranchPageAuthentication extends AbstractAuthenticationToken {

    private final AtlassianHostUser hostUser;

    CreateBranchPageAuthentication(AtlassianHostUser hostUser) {
        super(List.of());
        this.hostUser = hostUser;
        setAuthenticated(true);
    }

    static Optional<CreateBranchPageAuthentication> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CreateBranchPageAuthentication page ? Optional.of(page) : Optional.empty();
    }

    AtlassianHostUser hostUser() {
        return hostUser;
    }

    @Override
    public AtlassianHostUser getPrincipal() {
        return hostUser;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String toString() {
        return "CreateBranchPageAuthentication[" + hostUser.getHost().getClientKey() + "]";
    }
}
