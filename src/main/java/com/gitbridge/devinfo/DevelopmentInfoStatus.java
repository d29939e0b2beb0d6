package com.gitbridge.devinfo;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** What Jira's development information holds of each indexed repository, for the index status. */
public interface DevelopmentInfoStatus {

    /** @param state {@code SENDING}, {@code SENT}, {@code FAILED} or {@code OFF} */
    record JiraSync(String state, long pending, Instant lastSentAt, String error) {
    }

    /** The state of each of the repositories (by their row id); every one asked for is in the answer. */
    Map<String, JiraSync> of(String tenantId, Collection<String> repositoryPks);
}
