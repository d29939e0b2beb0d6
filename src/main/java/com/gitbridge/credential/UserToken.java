package com.gitbridge.credential;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.gitbridge.crypto.SealContext;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One Jira user's personal access token for one integration, sealed to that user and integration. */
@Entity
@Table(name = "user_token")
class UserToken {

    @Id
    private String id;
    private String tenantId;
    private String integrationId;
    private String accountId;
    private String sealedToken;
    private String hint;
    private String login;
    private String scopes;
    private Instant expiresAt;
    @Enumerated(EnumType.STRING)
    private TokenStatus status;
    private Instant lastValidatedAt;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private long version;

    protected UserToken() {
    }

    UserToken(String id, String tenantId, String integrationId, String accountId, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.integrationId = integrationId;
        this.accountId = accountId;
        this.createdAt = now;
    }

    /** The context the sealed token is bound to: copied to another site's, user's or integration's row, it does not open. */
    static SealContext sealContext(String tenantId, String integrationId, String accountId) {
        return SealContext.of(tenantId, "user_token", "token", integrationId, accountId)
                .orV1("user-token:" + tenantId + ":" + integrationId + ":" + accountId);
    }

    SealContext sealContext() {
        return sealContext(tenantId, integrationId, accountId);
    }

    void accepted(String sealedToken, String hint, String login, List<String> scopes, Instant expiresAt, Instant now) {
        this.sealedToken = sealedToken;
        this.hint = hint;
        this.login = login;
        this.scopes = String.join(",", scopes);
        this.expiresAt = expiresAt;
        this.status = TokenStatus.VALID;
        this.lastValidatedAt = now;
        this.updatedAt = now;
    }

    void rejectedByHost(Instant now) {
        this.status = TokenStatus.INVALID;
        this.updatedAt = now;
    }

    void expired(Instant now) {
        this.status = TokenStatus.EXPIRED;
        this.updatedAt = now;
    }

    /** The status as of {@code now}: a valid token past its expiry counts as expired even before it is marked so. */
    TokenStatus statusAt(Instant now) {
        if (status == TokenStatus.VALID && expiresAt != null && !expiresAt.isAfter(now)) {
            return TokenStatus.EXPIRED;
        }
        return status;
    }

    String id() {
        return id;
    }

    String tenantId() {
        return tenantId;
    }

    String integrationId() {
        return integrationId;
    }

    String accountId() {
        return accountId;
    }

    String sealedToken() {
        return sealedToken;
    }

    String hint() {
        return hint;
    }

    String login() {
        return login;
    }

    List<String> scopes() {
        return scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(","));
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
