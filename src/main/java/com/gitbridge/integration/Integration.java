package com.gitbridge.integration;

import java.time.Instant;
import java.util.List;

import com.gitbridge.crypto.SealContext;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One Jira site's connection to one git host, acting with the integration account's sealed credential. */
@Entity
@Table(name = "integration")
class Integration {

    @Id
    private String id;
    private String tenantId;
    @Enumerated(EnumType.STRING)
    private ProviderType type;
    private String name;
    private String baseUrl;
    private String region;
    private boolean requireUserPat;
    /** The Jira project keys it is limited to, comma-separated; empty for every project. */
    private String projectKeys = "";
    private String accountLogin;
    private String sealedCredential;
    private String sealedWebhookSecret;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private long version;

    protected Integration() {
    }

    Integration(String id, String tenantId, ProviderType type, String name, String baseUrl, String region, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.type = type;
        this.name = name;
        this.baseUrl = baseUrl;
        this.region = region;
        this.createdAt = now;
        this.updatedAt = now;
    }

    String id() {
        return id;
    }

    String tenantId() {
        return tenantId;
    }

    ProviderType type() {
        return type;
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    String region() {
        return region;
    }

    boolean requireUserPat() {
        return requireUserPat;
    }

    List<String> projectKeys() {
        return projectKeys(projectKeys);
    }

    String accountLogin() {
        return accountLogin;
    }

    String sealedCredential() {
        return sealedCredential;
    }

    String sealedWebhookSecret() {
        return sealedWebhookSecret;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    HostEndpoint endpoint() {
        return HostEndpoint.of(type, baseUrl, region);
    }

    void rename(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    void requireUserPat(boolean required, Instant now) {
        this.requireUserPat = required;
        this.updatedAt = now;
    }

    void limitToProjects(List<String> keys, Instant now) {
        this.projectKeys = String.join(",", keys);
        this.updatedAt = now;
    }

    void useCredential(String sealedCredential, String accountLogin, Instant now) {
        this.sealedCredential = sealedCredential;
        this.accountLogin = accountLogin;
        this.updatedAt = now;
    }

    void useWebhookSecret(String sealedWebhookSecret) {
        this.sealedWebhookSecret = sealedWebhookSecret;
    }

    /** The keys a {@code project_keys} column holds. */
    static List<String> projectKeys(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
    }

    /** The context a sealed value of this integration is bound to: moved to another row or site, it does not open. */
    SealContext sealContext(String field) {
        return sealContext(tenantId, id, field);
    }

    static SealContext sealContext(String tenantId, String integrationId, String field) {
        return SealContext.of(tenantId, "integration", field, integrationId)
                .orV1("integration:" + integrationId + ":" + field);
    }
}
