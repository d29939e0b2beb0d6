package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.gitbridge.indexing.IndexStore.CommitDetails;
import com.gitbridge.indexing.IndexStore.CommitRow;

/** The index tables through {@link IndexStore}; run on H2 and on PostgreSQL by the subclasses. */
abstract class IndexStoreBehaviour {

    private static final Instant NOON = Instant.parse("2026-03-15T12:00:00Z");

    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private IndexStore store;
    private final RecordingOutbox outbox = new RecordingOutbox();

    abstract DataSource database();

    @BeforeEach
    void setUp() {
        dataSource = database();
        jdbc = new JdbcTemplate(dataSource);
        store = TestDatabases.store(dataSource, outbox);
    }

    @Test
    void insertingTheSameRowsAgainKeepsOneCopyAndTheFirstValues() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "First"), row("a1", "CORE-2", "First")), false);

        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "Changed"), row("a1", "CORE-2", "First"),
                row("b2", "ABC-1", "Second")), false);

        assertThat(jdbc.queryForList("select sha || ' ' || issue_key || ' ' || message from indexed_commit "
                + "order by sha, issue_key", String.class))
                .containsExactly("a1 ABC-1 First", "a1 CORE-2 First", "b2 ABC-1 Second");
    }

    @Test
    void insertsMoreRowsThanOneBatch() {
        List<CommitRow> rows = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            rows.add(row("sha" + i, "ABC-" + (i + 1), "Message " + i));
        }

        store.insertCommits("r1", "t1", rows, false);
        store.insertCommits("r1", "t1", rows.subList(1_000, 2_500), false);

        assertThat(jdbc.queryForObject("select count(*) from indexed_commit", Integer.class)).isEqualTo(2_500);
    }

    @Test
    void fitsLongMessagesAndAuthorsIntoTheirColumns() {
        String longMessage = "ABC-1 " + "x".repeat(3_993) + "😀 tail";
        String longAuthor = "Ä".repeat(300);

        store.insertCommits("r1", "t1", List.of(commit("a1", "ABC-1", longMessage, longAuthor)), false);

        Map<String, Object> stored = jdbc.queryForMap("select message, author from indexed_commit");
        // The emoji's two chars would straddle the limit: it is cut whole.
        assertThat((String) stored.get("message")).hasSize(3_999).isEqualTo(longMessage.substring(0, 3_999));
        assertThat((String) stored.get("author")).isEqualTo("Ä".repeat(255));
    }

    @Test
    void replacesNulCharactersWhichPostgresCannotStore() {
        store.insertCommits("r1", "t1", List.of(commit("a1", "ABC-1", "ABC-1 a\0b", "Nul\0Name")), false);

        assertThat(jdbc.queryForObject("select message from indexed_commit", String.class)).isEqualTo("ABC-1 a\uFFFDb");
        assertThat(jdbc.queryForObject("select author from indexed_commit", String.class)).isEqualTo("Nul\uFFFDName");
    }

    @Test
    void storesCommitTimesAsUtcWallClockTime() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "First")), false);

        assertThat(jdbc.queryForObject("select committed_at from indexed_commit", LocalDateTime.class))
                .isEqualTo(LocalDateTime.of(2026, 3, 15, 12, 0));
    }

    @Test
    void deletesEveryKeyRowOfTheGivenCommitsOfOneRepositoryOnly() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "m"), row("a1", "CORE-2", "m"),
                row("b2", "ABC-1", "m")), false);
        store.insertCommits("r2", "t1", List.of(row("a1", "ABC-1", "m")), false);

        store.deleteCommits("r1", List.of("a1", "not-there"));

        assertThat(store.commitShas("r1")).containsExactly("b2");
        assertThat(store.commitShas("r2")).containsExactly("a1");
    }

    @Test
    void replacingTipsKeepsExactlyTheGivenOnes() {
        store.replaceTips("r1", Map.of("main", "a1", "old", "b2", "moved", "c3"));

        store.replaceTips("r1", Map.of("main", "a1", "moved", "d4", "new", "e5"));

        assertThat(store.tips("r1")).isEqualTo(Map.of("main", "a1", "moved", "d4", "new", "e5"));
    }

    @Test
    void updatingBranchesReplacesTheChangedOnesAndDeletesTheGoneOnes() {
        store.updateBranches("r1", "t1", List.of(branch("abc-1-x", "a1", "ABC-1"),
                branch("abc-2+core-3", "b2", "ABC-2", "CORE-3")), List.of(), false);

        store.updateBranches("r1", "t1", List.of(branch("abc-2+core-3", "c3", "ABC-2"), branch("core-4-y", "d4", "CORE-4")),
                List.of("abc-1-x"), false);

        assertThat(store.branches("r1")).isEqualTo(Map.of(
                "abc-2+core-3", new IndexStore.StoredBranch(Set.of("ABC-2"), "c3", true),
                "core-4-y", new IndexStore.StoredBranch(Set.of("CORE-4"), "d4", true)));
        assertThat(jdbc.queryForList("select distinct tenant_id from indexed_branch", String.class))
                .containsExactly("t1");
        assertThat(outbox.calls()).isEmpty();
    }

    @Test
    void storesTheBranchTipCommitOnEachKeyRow() {
        String longMessage = "m".repeat(2_000);
        store.updateBranches("r1", "t1", List.of(new IndexStore.BranchRow("abc-1+core-2", Set.of("ABC-1", "CORE-2"),
                new CommitDetails("a1", longMessage, "Ada", "ada@example.com", NOON, NOON.minusSeconds(60), 4, 2))),
                List.of(), false);

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select tip_sha, tip_message, tip_author, tip_author_email, tip_authored_at, tip_file_count, tip_parent_count
                from indexed_branch order by issue_key""");
        assertThat(rows).hasSize(2);
        for (Map<String, Object> row : rows) {
            assertThat(row.get("tip_sha")).isEqualTo("a1");
            assertThat((String) row.get("tip_message")).isEqualTo("m".repeat(IndexStore.MAX_TIP_MESSAGE));
            assertThat(row.get("tip_author")).isEqualTo("Ada");
            assertThat(row.get("tip_author_email")).isEqualTo("ada@example.com");
            assertThat(jdbc.queryForObject("select tip_authored_at from indexed_branch where issue_key = 'ABC-1'",
                    LocalDateTime.class)).isEqualTo(LocalDateTime.of(2026, 3, 15, 11, 59));
            assertThat(((Number) row.get("tip_file_count")).intValue()).isEqualTo(4);
            assertThat(((Number) row.get("tip_parent_count")).intValue()).isEqualTo(2);
        }
    }

    @Test
    void aBranchStoredWithItsTipShaOnlyIsNotDetailed() {
        store.updateBranches("r1", "t1", List.of(new IndexStore.BranchRow("abc-1", Set.of("ABC-1"),
                IndexStore.BranchRow.tipOnly("a1"))), List.of(), true);

        assertThat(store.branches("r1")).isEqualTo(Map.of("abc-1", new IndexStore.StoredBranch(Set.of("ABC-1"), "a1", false)));
        assertThat(jdbc.queryForMap("select tip_file_count, tip_parent_count from indexed_branch"))
                .containsEntry("tip_file_count", null).containsEntry("tip_parent_count", null);
        assertThat(outbox.calls()).containsExactly("branchesChanged r1 [abc-1]");
    }

    @Test
    void announcedBranchChangesAreToldInTheirTransaction() {
        store.updateBranches("r1", "t1", List.of(branch("abc-1-x", "a1", "ABC-1")), List.of(), true);
        store.updateBranches("r1", "t1", List.of(branch("core-4-y", "d4", "CORE-4")), List.of("abc-1-x"), true);

        assertThat(outbox.calls()).containsExactly("branchesChanged r1 [abc-1-x]", "branchesChanged r1 [core-4-y]",
                "branchesDeleted r1 [abc-1-x]");
    }

    @Test
    void storesAuthorEmailAuthorTimeFileAndParentCounts() {
        store.insertCommits("r1", "t1", List.of(new CommitRow("ABC-1",
                new CommitDetails("a1", "ABC-1 m", "Ada", "ada@example.com", NOON, NOON.minusSeconds(3_600), 7, 2)),
                new CommitRow("ABC-2", new CommitDetails("b2", "ABC-2 m", "Bob", null, NOON, NOON, null, 1))), false);

        Map<String, Object> merge = jdbc.queryForMap(
                "select author_email, authored_at, file_count, parent_count from indexed_commit where sha = 'a1'");
        assertThat(merge.get("author_email")).isEqualTo("ada@example.com");
        assertThat(jdbc.queryForObject("select authored_at from indexed_commit where sha = 'a1'", LocalDateTime.class))
                .isEqualTo(LocalDateTime.of(2026, 3, 15, 11, 0));
        assertThat(((Number) merge.get("file_count")).intValue()).isEqualTo(7);
        assertThat(((Number) merge.get("parent_count")).intValue()).isEqualTo(2);
        assertThat(jdbc.queryForMap("select author_email, file_count from indexed_commit where sha = 'b2'"))
                .containsEntry("author_email", null).containsEntry("file_count", null);
    }

    @Test
    void announcedInsertsTellOnlyTheCommitsThatHadNoRowsYet() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "m")), false);

        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "m"), row("a1", "CORE-2", "m"),
                row("b2", "ABC-1", "m"), row("c3", "ABC-3", "m"), row("c3", "ABC-4", "m")), true);

        assertThat(outbox.calls()).containsExactly("commitsChanged r1 [b2, c3]");
        assertThat(jdbc.queryForObject("select count(*) from indexed_commit", Integer.class)).isEqualTo(5);
    }

    @Test
    void commitRowsAndTheirAnnouncementCommitOrRollBackTogether() {
        IndexStore failingOutbox = new IndexStore(jdbc, new DataSourceTransactionManager(dataSource), new RecordingOutbox() {
            @Override
            public void commitsChanged(String tenantId, String repositoryPk, java.util.Collection<String> shas) {
                throw new IllegalStateException("outbox unavailable");
            }
        });

        assertThatThrownBy(() -> failingOutbox.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "m")), true))
                .hasMessage("outbox unavailable");
        assertThat(store.commitShas("r1")).isEmpty();
    }

    @Test
    void deletingARepositoryLeavesOthersAlone() {
        for (String repository : List.of("r1", "r2")) {
            store.insertCommits(repository, "t1", List.of(row("a1", "ABC-1", "m")), false);
            store.replaceTips(repository, Map.of("main", "a1"));
            store.updateBranches(repository, "t1", List.of(branch("abc-1", "a1", "ABC-1")), List.of(), false);
        }

        store.deleteRepository("r1");

        assertThat(store.commitShas("r1")).isEmpty();
        assertThat(store.tips("r1")).isEmpty();
        assertThat(store.branches("r1")).isEmpty();
        assertThat(store.commitShas("r2")).containsExactly("a1");
        assertThat(store.tips("r2")).containsOnlyKeys("main");
        assertThat(store.branches("r2")).containsOnlyKeys("abc-1");
    }

    private static CommitRow row(String sha, String key, String message) {
        return commit(sha, key, message, "Ada Lovelace");
    }

    private static CommitRow commit(String sha, String key, String message, String author) {
        return new CommitRow(key, new CommitDetails(sha, message, author, "ada@example.com", NOON, NOON, 1, 1));
    }

    private static IndexStore.BranchRow branch(String name, String tipSha, String... keys) {
        return new IndexStore.BranchRow(name, Set.of(keys),
                new CommitDetails(tipSha, "Tip of " + name, "Ada", "ada@example.com", NOON, NOON.minusSeconds(60), 1, 1));
    }
}
