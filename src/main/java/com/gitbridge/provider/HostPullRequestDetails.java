package com.gitbridge.provider;

import java.time.Instant;
import java.util.List;

/**
 * A pull (merge) request as indexing sees it: everything that can link it to an issue, what the panel shows, and
 * what Jira's development information holds of it. Comment count and reviewers are filled only where the host's
 * listing gives them: asking for them per pull request would cost a call each.
 *
 * @param id           the host's number for it, as text
 * @param displayId    how the host writes it ({@code #42}, {@code !42})
 * @param state        {@code OPEN}, {@code MERGED} or {@code CLOSED}
 * @param author       the host login of its author, {@code null} if the host does not say
 * @param updatedAt    when the host last changed it
 * @param commentCount how many comments it has, {@code null} if the listing does not say
 * @param reviewers    its reviewers and whether they approved, {@code null} if the listing does not say
 */
public record HostPullRequestDetails(String id, String displayId, String title, String description, String state,
                                     String webUrl, String sourceBranch, String targetBranch, String author,
                                     Instant updatedAt, Integer commentCount, List<HostReviewer> reviewers) {

    public HostPullRequestDetails {
        reviewers = reviewers == null ? null : List.copyOf(reviewers);
    }
}
