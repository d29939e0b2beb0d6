package com.gitbridge.integration;

/** Published after an integration was added or its credential changed: what it can see should be indexed now. */
public record IntegrationSaved(String tenantId, String integrationId) {
}
