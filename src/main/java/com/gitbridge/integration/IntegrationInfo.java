package com.gitbridge.integration;

import java.time.Instant;
import java.util.List;

import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderType;

/**
 * What other features may know of an integration: everything but its secrets.
 *
 * @param projectKeys the Jira projects it is limited to (upper-case keys); empty for every project
 */
public record IntegrationInfo(String id, String tenantId, ProviderType type, String name, HostEndpoint endpoint,
                              boolean requireUserPat, List<String> projectKeys, String accountLogin, Instant createdAt,
                              Instant updatedAt) {

    public IntegrationInfo {
        projectKeys = List.copyOf(projectKeys);
    }

    static IntegrationInfo of(Integration integration) {
        return new IntegrationInfo(integration.id(), integration.tenantId(), integration.type(), integration.name(),
                integration.endpoint(), integration.requireUserPat(), integration.projectKeys(),
                integration.accountLogin(), integration.createdAt(), integration.updatedAt());
    }

    /**
     * Whether its repositories, development data and actions exist for issues of the project: for every project
     * unless limited, else for those it is limited to. An issue of no known project belongs to none.
     */
    public boolean servesProject(String projectKey) {
        return projectKeys.isEmpty() || projectKeys.contains(projectKey);
    }
}
