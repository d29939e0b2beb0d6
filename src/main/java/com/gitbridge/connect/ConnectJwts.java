package com.gitbridge.connect;

import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHostUser;
import com.nimbusds.jwt.JWTClaimsSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the Connect library's JWT filter left in the security context for this request. */
record ConnectJwts(AtlassianHostUser hostUser, JWTClaimsSet claims) {

    static final String QSH_CLAIM = "qsh";
    static final String CONTEXT_QSH = "context-qsh";

    static Optional<ConnectJwts> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof AtlassianHostUser hostUser
                && authentication.getCredentials() instanceof JWTClaimsSet claims) {
            return Optional.of(new ConnectJwts(hostUser, claims));
        }
        return Optional.empty();
    }

    Object qsh() {
        return claims.getClaim(QSH_CLAIM);
    }
}
