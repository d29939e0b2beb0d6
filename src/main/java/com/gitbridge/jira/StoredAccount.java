package com.gitbridge.jira;

import java.time.Instant;

/**
 * A Jira account id the app stores for a site.
 *
 * @param updatedAt when what the app stores about the account last changed
 */
public record StoredAccount(String tenantId, String accountId, Instant updatedAt) {
}
