package com.gitbridge.integration;

import java.time.Instant;

import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderType;

/** What other features may know of an integration: everything but its secrets. */
public record IntegrationInfo(String id, String tenantId, ProviderType type, String name, HostEndpoint endpoint,
                              boolean requireUserPat, String accountLogin, Instant createdAt, Instant updatedAt) {

    static IntegrationInfo of(Integration integration) {
        return new IntegrationInfo(integration.id(), integration.tenantId(), integration.type(), integration.name(),
                integration.endpoint(), integration.requireUserPat(), integration.accountLogin(),
                integration.createdAt(), integration.updatedAt());
    }
}
