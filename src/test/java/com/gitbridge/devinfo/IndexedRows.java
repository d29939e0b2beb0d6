package com.gitbridge.devinfo;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/** Indexed rows written with SQL, as indexing leaves them (V5 and V10 columns). */
final class IndexedRows {

    static final Instant AUTHORED = Instant.parse("2026-03-15T12:00:00Z");

    private final JdbcTemplate jdbc;

    IndexedRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A GitHub Enterprise repository of the site; its row id. */
    String repository(String tenantId, String integrationId, String path) {
        String pk = UUID.randomUUID().toString();
        jdbc.update("insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, "
                + "clone_url, default_branch, state, commits_indexed, reindex_requested, version) "
                + "values (?, ?, ?, ?, 'GITHUB_ENTERPRISE', ?, ?, 'main', 'DONE', 0, false, 0)", pk, tenantId,
                integrationId, path, "https://ghe.example/" + path, "https://ghe.example/" + path + ".git");
        return pk;
    }

    void commit(String tenantId, String repositoryPk, String sha, String message, String... keys) {
        for (String key : keys) {
            jdbc.update("insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, "
                    + "committed_at, author_email, authored_at, file_count, parent_count) "
                    + "values (?, ?, ?, ?, ?, 'Dana Developer', ?, 'dana@example.com', ?, 3, 1)", repositoryPk, sha, key,
                    tenantId, message, utc(AUTHORED.plusSeconds(60)), utc(AUTHORED));
        }
    }

    /** {@code count} commits, each mentioning one key, with shas in order. */
    List<String> commits(String tenantId, String repositoryPk, int count) {
        List<Object[]> rows = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sha = String.format("%040x", i + 1);
            shas.add(sha);
            rows.add(new Object[]{repositoryPk, sha, "ABC-" + (i % 50 + 1), tenantId, "ABC-" + (i % 50 + 1) + " change " + i,
                    utc(AUTHORED), utc(AUTHORED)});
        }
        jdbc.batchUpdate("insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, "
                + "committed_at, author_email, authored_at, file_count, parent_count) "
                + "values (?, ?, ?, ?, ?, 'Dana', ?, 'dana@example.com', ?, 1, 1)", rows);
        return shas;
    }

    void branch(String tenantId, String repositoryPk, String name, String tipSha, String... keys) {
        for (String key : keys) {
            jdbc.update("insert into indexed_branch (repository_pk, name, issue_key, tenant_id, tip_sha, tip_message, "
                    + "tip_author, tip_author_email, tip_authored_at, tip_file_count, tip_parent_count) "
                    + "values (?, ?, ?, ?, ?, 'Tip commit', 'Dana', 'dana@example.com', ?, 2, 1)", repositoryPk, name, key,
                    tenantId, tipSha, tipSha == null ? null : utc(AUTHORED));
        }
    }

    void pullRequest(String tenantId, String repositoryPk, String id, String state, String sourceBranch,
                     String... keys) {
        for (String key : keys) {
            jdbc.update("insert into indexed_pull_request (repository_pk, pull_request, issue_key, tenant_id, title, "
                    + "state, url, source_branch, target_branch, author, updated_at, display_id, comment_count, reviewers) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, 'main', 'dana', ?, null, 2, ?)", repositoryPk, id, key, tenantId,
                    key + " the pull request", state, "https://ghe.example/acme/web/pull/" + id, sourceBranch,
                    java.sql.Timestamp.from(AUTHORED),
                    "[{\"name\":\"Rey\",\"email\":\"rey@example.com\",\"approved\":true}]");
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
