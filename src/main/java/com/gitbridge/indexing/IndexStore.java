package com.gitbridge.indexing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the git index found, in {@code indexed_ref}, {@code indexed_commit} and {@code indexed_branch}, with plain
 * JDBC in batches of {@value #BATCH_SIZE} rows. Commit rows are inserted idempotently ({@code on conflict do
 * nothing}, which PostgreSQL and H2 in PostgreSQL mode both take), so a walk repeated after a crash neither fails
 * nor duplicates. Times are stored as UTC wall-clock time.
 */
@Component
class IndexStore {

    static final int BATCH_SIZE = 1000;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_AUTHOR = 255;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    IndexStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** One commit's mention of one issue key. */
    record CommitRow(String sha, String issueKey, String message, String author, Instant committedAt) {
    }

    /** The branch tips the last complete index reached: branch name to commit sha. */
    Map<String, String> tips(String repositoryPk) {
        Map<String, String> tips = new HashMap<>();
        jdbc.query("select name, sha from indexed_ref where repository_pk = ?",
                row -> {
                    tips.put(row.getString(1), row.getString(2));
                }, repositoryPk);
        return tips;
    }

    /** Makes the stored tips exactly {@code tips}. */
    void replaceTips(String repositoryPk, Map<String, String> tips) {
        Map<String, String> stored = tips(repositoryPk);
        List<Object[]> gone = new ArrayList<>();
        stored.forEach((name, sha) -> {
            if (!sha.equals(tips.get(name))) {
                gone.add(new Object[] {repositoryPk, name});
            }
        });
        List<Object[]> added = new ArrayList<>();
        tips.forEach((name, sha) -> {
            if (!sha.equals(stored.get(name))) {
                added.add(new Object[] {repositoryPk, name, sha});
            }
        });
        transaction.executeWithoutResult(status -> {
            batch("delete from indexed_ref where repository_pk = ? and name = ?", gone);
            batch("insert into indexed_ref (repository_pk, name, sha) values (?, ?, ?)", added);
        });
    }

    /** The shas of the commits stored for the repository. */
    Set<String> commitShas(String repositoryPk) {
        return new HashSet<>(jdbc.queryForList("select distinct sha from indexed_commit where repository_pk = ?",
                String.class, repositoryPk));
    }

    /** Stores commit rows; rows already there are left as they are. */
    void insertCommits(String repositoryPk, String tenantId, List<CommitRow> rows) {
        // One statement of many rows: PostgreSQL plans it once, where a JDBC batch runs a statement per row.
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<CommitRow> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
            StringBuilder sql = new StringBuilder("insert into indexed_commit "
                    + "(repository_pk, sha, issue_key, tenant_id, message, author, committed_at) values ");
            Object[] values = new Object[chunk.size() * 7];
            int i = 0;
            for (CommitRow row : chunk) {
                sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)");
                values[i++] = repositoryPk;
                values[i++] = row.sha();
                values[i++] = row.issueKey();
                values[i++] = tenantId;
                values[i++] = text(row.message(), MAX_MESSAGE);
                values[i++] = row.author() == null ? null : text(row.author(), MAX_AUTHOR);
                values[i++] = LocalDateTime.ofInstant(row.committedAt(), ZoneOffset.UTC);
            }
            jdbc.update(sql.append(" on conflict do nothing").toString(), values);
        }
    }

    /** Deletes the rows of the commits with these shas. */
    void deleteCommits(String repositoryPk, Collection<String> shas) {
        List<Object[]> values = new ArrayList<>(shas.size());
        for (String sha : shas) {
            values.add(new Object[] {repositoryPk, sha});
        }
        batch("delete from indexed_commit where repository_pk = ? and sha = ?", values);
    }

    /** The stored branches holding keys: branch name to its keys. */
    Map<String, Set<String>> branches(String repositoryPk) {
        Map<String, Set<String>> branches = new HashMap<>();
        jdbc.query("select name, issue_key from indexed_branch where repository_pk = ?",
                row -> {
                    branches.computeIfAbsent(row.getString(1), name -> new HashSet<>()).add(row.getString(2));
                }, repositoryPk);
        return branches;
    }

    /** Makes the stored branches holding keys exactly {@code keysByBranch}. */
    void replaceBranches(String repositoryPk, String tenantId, Map<String, Set<String>> keysByBranch) {
        Map<String, Set<String>> stored = branches(repositoryPk);
        List<Object[]> gone = new ArrayList<>();
        stored.forEach((name, keys) -> keys.forEach(key -> {
            if (!keysByBranch.getOrDefault(name, Set.of()).contains(key)) {
                gone.add(new Object[] {repositoryPk, name, key});
            }
        }));
        List<Object[]> added = new ArrayList<>();
        keysByBranch.forEach((name, keys) -> keys.forEach(key -> {
            if (!stored.getOrDefault(name, Set.of()).contains(key)) {
                added.add(new Object[] {repositoryPk, name, key, tenantId});
            }
        }));
        transaction.executeWithoutResult(status -> {
            batch("delete from indexed_branch where repository_pk = ? and name = ? and issue_key = ?", gone);
            batch("insert into indexed_branch (repository_pk, name, issue_key, tenant_id) values (?, ?, ?, ?) "
                    + "on conflict do nothing", added);
        });
    }

    /** Deletes everything indexed of the repository. */
    void deleteRepository(String repositoryPk) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("delete from indexed_ref where repository_pk = ?", repositoryPk);
            jdbc.update("delete from indexed_commit where repository_pk = ?", repositoryPk);
            jdbc.update("delete from indexed_branch where repository_pk = ?", repositoryPk);
        });
    }

    /** Runs the statement for every row, {@value #BATCH_SIZE} rows to a batch and a transaction. */
    private void batch(String sql, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
            transaction.executeWithoutResult(status -> jdbc.batchUpdate(sql, chunk));
        }
    }

    /**
     * Fits a text into a column: at most {@code max} characters, never half a surrogate pair, and no NUL, which
     * PostgreSQL does not store in text (git does not forbid it in a commit).
     */
    static String text(String value, int max) {
        String text = value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
