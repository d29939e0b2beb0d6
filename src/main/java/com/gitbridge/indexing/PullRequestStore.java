package com.gitbridge.indexing;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.gitbridge.provider.HostPullRequestDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Indexed pull requests: one row per pull request and issue key it mentions. */
@Component
class PullRequestStore {

    private final JdbcTemplate jdbc;

    PullRequestStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces what is stored of {@code pullRequest} with its current keys (none: it is removed). */
    @Transactional
    void replace(String repositoryPk, String tenantId, HostPullRequestDetails pullRequest, Set<String> keys) {
        jdbc.update("delete from indexed_pull_request where repository_pk = ? and pull_request = ?", repositoryPk, pullRequest.id());
        if (keys.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (String key : keys.stream().limit(IssueKeyMatcher.MAX_KEYS).toList()) {
            rows.add(new Object[]{repositoryPk, pullRequest.id(), key, tenantId, clip(pullRequest.title(), 1000),
                    pullRequest.state(), clip(pullRequest.webUrl(), 1000), clip(pullRequest.sourceBranch(), 500),
                    clip(pullRequest.targetBranch(), 500), clip(pullRequest.author(), 255),
                    pullRequest.updatedAt() == null ? null : Timestamp.from(pullRequest.updatedAt())});
        }
        jdbc.batchUpdate("""
                insert into indexed_pull_request (repository_pk, pull_request, issue_key, tenant_id, title, state, url,
                    source_branch, target_branch, author, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    @Transactional
    void deleteRepository(String repositoryPk) {
        jdbc.update("delete from indexed_pull_request where repository_pk = ?", repositoryPk);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? (value == null ? "" : value) : value.substring(0, max);
    }
}
