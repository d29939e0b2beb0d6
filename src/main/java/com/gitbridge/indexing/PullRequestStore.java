package com.gitbridge.indexing;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.devinfo.DevelopmentInfoOutbox;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.HostReviewer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Indexed pull requests: one row per pull request and issue key it mentions. A change after the repository's first
 * full index is told to Jira's development information in the transaction that stores it.
 */
@Component
class PullRequestStore {

    /** The {@code reviewers} column: a JSON array of {@code {"name","email","approved"}}. */
    static final int MAX_REVIEWERS_JSON = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final DevelopmentInfoOutbox outbox;

    PullRequestStore(JdbcTemplate jdbc, DevelopmentInfoOutbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /**
     * Replaces what is stored of {@code pullRequest} with its current keys (none: it is removed). If {@code announce}
     * and anything was or is stored of it, Jira learns of it: also when it mentions no key now, so that Jira forgets
     * the keys it held.
     */
    @Transactional
    void replace(String repositoryPk, String tenantId, HostPullRequestDetails pullRequest, Set<String> keys,
                 boolean announce) {
        int deleted = jdbc.update("delete from indexed_pull_request where repository_pk = ? and pull_request = ?",
                repositoryPk, pullRequest.id());
        if (!keys.isEmpty()) {
            insert(repositoryPk, tenantId, pullRequest, keys);
        }
        if (announce && (deleted > 0 || !keys.isEmpty())) {
            outbox.pullRequestsChanged(tenantId, repositoryPk, List.of(pullRequest.id()));
        }
    }

    private void insert(String repositoryPk, String tenantId, HostPullRequestDetails pullRequest, Set<String> keys) {
        String reviewers = reviewersJson(pullRequest.reviewers());
        List<Object[]> rows = new ArrayList<>();
        for (String key : keys.stream().limit(IssueKeyMatcher.MAX_KEYS).toList()) {
            rows.add(new Object[]{repositoryPk, pullRequest.id(), key, tenantId, clip(pullRequest.title(), 1000),
                    pullRequest.state(), clip(pullRequest.webUrl(), 1000), clip(pullRequest.sourceBranch(), 500),
                    clip(pullRequest.targetBranch(), 500), clip(pullRequest.author(), 255),
                    pullRequest.updatedAt() == null ? null : Timestamp.from(pullRequest.updatedAt()),
                    pullRequest.displayId() == null ? null : clip(pullRequest.displayId(), 32),
                    pullRequest.commentCount(), reviewers});
        }
        jdbc.batchUpdate("""
                insert into indexed_pull_request (repository_pk, pull_request, issue_key, tenant_id, title, state, url,
                    source_branch, target_branch, author, updated_at, display_id, comment_count, reviewers)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    @Transactional
    void deleteRepository(String repositoryPk) {
        jdbc.update("delete from indexed_pull_request where repository_pk = ?", repositoryPk);
    }

    /**
     * The reviewers as the column holds them, {@code null} if the host did not say; as many as fit, in the host's
     * order.
     */
    static String reviewersJson(List<HostReviewer> reviewers) {
        if (reviewers == null) {
            return null;
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (HostReviewer reviewer : reviewers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", reviewer.name() == null ? null : clip(reviewer.name(), 255));
            entry.put("email", reviewer.email() == null ? null : clip(reviewer.email(), 255));
            entry.put("approved", reviewer.approved());
            entries.add(entry);
        }
        try {
            String json = JSON.writeValueAsString(entries);
            while (json.length() > MAX_REVIEWERS_JSON) {
                entries.remove(entries.size() - 1);
                json = JSON.writeValueAsString(entries);
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the reviewers as JSON", e);
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? (value == null ? "" : value) : value.substring(0, max);
    }
}
