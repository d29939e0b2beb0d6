package com.gitbridge.integration;

/** Published, inside the deleting transaction, when an integration is deleted: what hangs off it goes too. */
public record IntegrationDeleted(String tenantId, String integrationId) {
}
