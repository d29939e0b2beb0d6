package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

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

import com.gitbridge.indexing.IndexStore.CommitRow;

/** The index tables through {@link IndexStore}; run on H2 and on PostgreSQL by the subclasses. */
abstract class IndexStoreBehaviour {

    private static final Instant NOON = Instant.parse("2026-03-15T12:00:00Z");

    private JdbcTemplate jdbc;
    private IndexStore store;

    abstract DataSource database();

    @BeforeEach
    void setUp() {
        DataSource dataSource = database();
        jdbc = new JdbcTemplate(dataSource);
        store = TestDatabases.store(dataSource);
    }

    @Test
    void insertingTheSameRowsAgainKeepsOneCopyAndTheFirstValues() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "First"), row("a1", "CORE-2", "First")));

        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "Changed"), row("a1", "CORE-2", "First"),
                row("b2", "ABC-1", "Second")));

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

        store.insertCommits("r1", "t1", rows);
        store.insertCommits("r1", "t1", rows.subList(1_000, 2_500));

        assertThat(jdbc.queryForObject("select count(*) from indexed_commit", Integer.class)).isEqualTo(2_500);
    }

    @Test
    void fitsLongMessagesAndAuthorsIntoTheirColumns() {
        String longMessage = "ABC-1 " + "x".repeat(3_993) + "😀 tail";
        String longAuthor = "Ä".repeat(300);

        store.insertCommits("r1", "t1", List.of(new CommitRow("a1", "ABC-1", longMessage, longAuthor, NOON)));

        Map<String, Object> stored = jdbc.queryForMap("select message, author from indexed_commit");
        // The emoji's two chars would straddle the limit: it is cut whole.
        assertThat((String) stored.get("message")).hasSize(3_999).isEqualTo(longMessage.substring(0, 3_999));
        assertThat((String) stored.get("author")).isEqualTo("Ä".repeat(255));
    }

    @Test
    void replacesNulCharactersWhichPostgresCannotStore() {
        store.insertCommits("r1", "t1", List.of(new CommitRow("a1", "ABC-1", "ABC-1 a\0b", "Nul\0Name", NOON)));

        assertThat(jdbc.queryForObject("select message from indexed_commit", String.class)).isEqualTo("ABC-1 a\uFFFDb");
        assertThat(jdbc.queryForObject("select author from indexed_commit", String.class)).isEqualTo("Nul\uFFFDName");
    }

    @Test
    void storesCommitTimesAsUtcWallClockTime() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "First")));

        assertThat(jdbc.queryForObject("select committed_at from indexed_commit", LocalDateTime.class))
                .isEqualTo(LocalDateTime.of(2026, 3, 15, 12, 0));
    }

    @Test
    void deletesEveryKeyRowOfTheGivenCommitsOfOneRepositoryOnly() {
        store.insertCommits("r1", "t1", List.of(row("a1", "ABC-1", "m"), row("a1", "CORE-2", "m"),
                row("b2", "ABC-1", "m")));
        store.insertCommits("r2", "t1", List.of(row("a1", "ABC-1", "m")));

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
    void replacingBranchesKeepsExactlyTheGivenOnes() {
        store.replaceBranches("r1", "t1", Map.of("abc-1-x", Set.of("ABC-1"),
                "abc-2+core-3", Set.of("ABC-2", "CORE-3")));

        store.replaceBranches("r1", "t1", Map.of("abc-2+core-3", Set.of("ABC-2"), "core-4-y", Set.of("CORE-4")));

        assertThat(store.branches("r1")).isEqualTo(Map.of("abc-2+core-3", Set.of("ABC-2"), "core-4-y",
                Set.of("CORE-4")));
        assertThat(jdbc.queryForList("select distinct tenant_id from indexed_branch", String.class))
                .containsExactly("t1");
    }

    @Test
    void deletingARepositoryLeavesOthersAlone() {
        for (String repository : List.of("r1", "r2")) {
            store.insertCommits(repository, "t1", List.of(row("a1", "ABC-1", "m")));
            store.replaceTips(repository, Map.of("main", "a1"));
            store.replaceBranches(repository, "t1", Map.of("abc-1", Set.of("ABC-1")));
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
        return new CommitRow(sha, key, message, "Ada Lovelace", NOON);
    }
}
