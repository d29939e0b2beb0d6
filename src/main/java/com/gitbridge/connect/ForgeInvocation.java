package com.gitbridge.connect;

import java.util.List;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHostUser;
import com.nimbusds.jwt.JWTClaimsSet;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A Forge invocation token that the Connect library verified and {@link ForgeInvocationFilter} tied to the site of
 * its installation: the same host and user as a Connect JWT of that site and user would give. The token's claims are
 * the details, not the credentials, so that {@link ConnectJwts} never takes it for a Connect JWT.
 */
final class ForgeInvocation extends AbstractAuthenticationToken {

    private final AtlassianHostUser hostUser;

    ForgeInvocation(AtlassianHostUser hostUser, JWTClaimsSet claims) {
        super(List.of());
        this.hostUser = hostUser;
        setDetails(claims);
        setAuthenticated(true);
    }

    static Optional<ForgeInvocation> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ForgeInvocation invocation ? Optional.of(invocation) : Optional.empty();
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
}
