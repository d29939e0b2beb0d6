package com.gitbridge.provider;

import java.time.Instant;
import java.util.List;

/**
 * What a host told us about a credential it accepted.
 *
 * @param login     the host account the credential acts as (for CodeCommit the IAM ARN)
 * @param scopes    the scopes the host reports; empty where the host does not tell
 * @param expiresAt when the credential expires; {@code null} where the host does not tell or it never expires
 */
public record CredentialCheck(String login, List<String> scopes, Instant expiresAt) {
    public CredentialCheck {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
