package com.gitbridge.indexing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.gitbridge.devinfo.DevelopmentInfoOutbox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the git index found, in {@code indexed_ref}, {@code indexed_commit} and {@code indexed_branch}, with plain
 * JDBC in batches of {@value #BATCH_SIZE} rows. Commit rows are inserted idempotently ({@code on conflict do
 * nothing}, which PostgreSQL and H2 in PostgreSQL mode both take), so a walk repeated after a crash neither fails
 * nor duplicates. Times are stored as UTC wall-clock time.
 * <p>
 * Writes that Jira's development information must learn of tell the {@link DevelopmentInfoOutbox} in their own
 * transaction when asked to announce them (everything after a repository's first full index).
 */
@Component
class IndexStore {

    static final int BATCH_SIZE = 1000;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_AUTHOR = 255;
    static final int MAX_TIP_MESSAGE = 1024;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DevelopmentInfoOutbox outbox;

    IndexStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, DevelopmentInfoOutbox outbox) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.outbox = outbox;
    }

    /**
     * What is stored of a commit: its sha, message, author (name and email), when it was committed and authored,
     * how many paths it changed against its first parent (all its paths if it has none; {@code null} if unknown) and
     * how many parents it has.
     */
    record CommitDetails(String sha, String message, String author, String authorEmail, Instant committedAt,
                         Instant authoredAt, Integer fileCount, int parentCount) {
    }

    /** One commit's mention of one issue key. */
    record CommitRow(String issueKey, CommitDetails commit) {
        String sha() {
            return commit.sha();
        }
    }

    /**
     * A branch whose name holds keys, and its tip commit.
     *
     * @param tip the tip's details; only its sha is known ({@link #tipOnly}) for a branch just created on the host
     */
    record BranchRow(String name, Set<String> keys, CommitDetails tip) {
        static CommitDetails tipOnly(String sha) {
            return new CommitDetails(sha, null, null, null, null, null, null, 0);
        }
    }

    /** A stored branch: its keys, its tip's sha, and whether the tip's details are stored too. */
    record StoredBranch(Set<String> keys, String tipSha, boolean tipDetailed) {
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

    /**
     * Stores commit rows, in one transaction; rows already there are left as they are. If {@code announce}, the
     * commits of which no row was stored before are announced to Jira in that transaction.
     */
    void insertCommits(String repositoryPk, String tenantId, List<CommitRow> rows, boolean announce) {
        if (rows.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            Set<String> shas = new LinkedHashSet<>();
            rows.forEach(row -> shas.add(row.sha()));
            if (announce) {
                shas.removeAll(storedAmong(repositoryPk, List.copyOf(shas)));
            }
            insert(repositoryPk, tenantId, rows);
            if (announce && !shas.isEmpty()) {
                outbox.commitsChanged(tenantId, repositoryPk, shas);
            }
        });
    }

    /** Which of {@code shas} have rows already. */
    private Set<String> storedAmong(String repositoryPk, List<String> shas) {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < shas.size(); from += BATCH_SIZE) {
            List<String> chunk = shas.subList(from, Math.min(shas.size(), from + BATCH_SIZE));
            Object[] values = new Object[chunk.size() + 1];
            values[0] = repositoryPk;
            for (int i = 0; i < chunk.size(); i++) {
                values[i + 1] = chunk.get(i);
            }
            stored.addAll(jdbc.queryForList("select distinct sha from indexed_commit where repository_pk = ? and sha in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", String.class, values));
        }
        return stored;
    }

    private void insert(String repositoryPk, String tenantId, List<CommitRow> rows) {
        // One statement of many rows: PostgreSQL plans it once, where a JDBC batch runs a statement per row.
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<CommitRow> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
            StringBuilder sql = new StringBuilder("insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, "
                    + "message, author, committed_at, author_email, authored_at, file_count, parent_count) values ");
            Object[] values = new Object[chunk.size() * 11];
            int i = 0;
            for (CommitRow row : chunk) {
                CommitDetails commit = row.commit();
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                values[i++] = repositoryPk;
                values[i++] = commit.sha();
                values[i++] = row.issueKey();
                values[i++] = tenantId;
                values[i++] = text(commit.message(), MAX_MESSAGE);
                values[i++] = optionalText(commit.author(), MAX_AUTHOR);
                values[i++] = utc(commit.committedAt());
                values[i++] = optionalText(commit.authorEmail(), MAX_AUTHOR);
                values[i++] = utc(commit.authoredAt());
                values[i++] = commit.fileCount();
                values[i++] = commit.parentCount();
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

    /** The stored branches holding keys, by name. */
    Map<String, StoredBranch> branches(String repositoryPk) {
        Map<String, Set<String>> keys = new HashMap<>();
        Map<String, StoredBranch> branches = new HashMap<>();
        jdbc.query("select name, issue_key, tip_sha, tip_message from indexed_branch where repository_pk = ?",
                row -> {
                    String name = row.getString(1);
                    keys.computeIfAbsent(name, branch -> new HashSet<>()).add(row.getString(2));
                    branches.put(name, new StoredBranch(keys.get(name), row.getString(3), row.getString(4) != null));
                }, repositoryPk);
        return branches;
    }

    /**
     * Replaces the rows of the {@code changed} branches and deletes those of the {@code gone} ones, in one
     * transaction; if {@code announce}, tells Jira of both in it.
     */
    void updateBranches(String repositoryPk, String tenantId, Collection<BranchRow> changed, Collection<String> gone,
                        boolean announce) {
        if (changed.isEmpty() && gone.isEmpty()) {
            return;
        }
        List<Object[]> deleted = new ArrayList<>();
        gone.forEach(name -> deleted.add(new Object[] {repositoryPk, name}));
        changed.forEach(branch -> deleted.add(new Object[] {repositoryPk, branch.name()}));
        List<Object[]> added = new ArrayList<>();
        for (BranchRow branch : changed) {
            CommitDetails tip = branch.tip();
            for (String key : branch.keys()) {
                added.add(new Object[] {repositoryPk, branch.name(), key, tenantId, tip.sha(),
                        tip.message() == null ? null : text(tip.message(), MAX_TIP_MESSAGE),
                        optionalText(tip.author(), MAX_AUTHOR), optionalText(tip.authorEmail(), MAX_AUTHOR),
                        utc(tip.authoredAt()), tip.message() == null ? null : tip.fileCount(),
                        tip.message() == null ? null : tip.parentCount()});
            }
        }
        transaction.executeWithoutResult(status -> {
            chunked("delete from indexed_branch where repository_pk = ? and name = ?", deleted);
            chunked("""
                    insert into indexed_branch (repository_pk, name, issue_key, tenant_id, tip_sha, tip_message,
                        tip_author, tip_author_email, tip_authored_at, tip_file_count, tip_parent_count)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", added);
            if (announce && !changed.isEmpty()) {
                outbox.branchesChanged(tenantId, repositoryPk, changed.stream().map(BranchRow::name).toList());
            }
            if (announce && !gone.isEmpty()) {
                outbox.branchesDeleted(tenantId, repositoryPk, List.copyOf(gone));
            }
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

    /** Runs the statement for every row, {@value #BATCH_SIZE} rows to a batch, in the caller's transaction. */
    private void chunked(String sql, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            jdbc.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE)));
        }
    }

    /** Runs the statement for every row, {@value #BATCH_SIZE} rows to a batch and a transaction. */
    private void batch(String sql, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
            transaction.executeWithoutResult(status -> jdbc.batchUpdate(sql, chunk));
        }
    }

    private static String optionalText(String value, int max) {
        return value == null ? null : text(value, max);
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
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
