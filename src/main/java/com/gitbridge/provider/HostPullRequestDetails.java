package com.gitbridge.provider;

import java.time.Instant;

/**
 * A pull (merge) request as indexing sees it: everything that can link it to an issue, and what the panel shows.
 *
 * @param id        the host's number for it, as text
 * @param state     {@code OPEN}, {@code MERGED} or {@code CLOSED}
 * @param author    the host login of its author, {@code null} if the host does not say
 * @param updatedAt when the host last changed it
 */
public record HostPullRequestDetails(String id, String title, String description, String state, String webUrl,
                                     String sourceBranch, String targetBranch, String author, Instant updatedAt) {
}
