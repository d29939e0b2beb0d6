package com.gitbridge.jira;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Atlassian's answer to a report of stored account ids. */
public sealed interface AccountReport {

    /**
     * The reported accounts that changed (none with a 204).
     *
     * @param cyclePeriod how long Atlassian wants between two reports, if it said
     */
    record Statuses(Set<String> closed, Set<String> updated, Optional<Duration> cyclePeriod) implements AccountReport {
    }

    /** Too many requests: report again no sooner than {@code retryAfter}. */
    record RateLimited(Duration retryAfter) implements AccountReport {
    }
}
