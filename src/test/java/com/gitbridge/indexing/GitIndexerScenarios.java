package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.gitbridge.provider.GitRemote;

/** Indexing real git repositories into a database; run on H2 and on PostgreSQL by the subclasses. */
abstract class GitIndexerScenarios {

    private static final String REPOSITORY = "repo-1";
    private static final String TENANT = "tenant-1";

    @TempDir
    Path temp;
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private IndexStore store;
    private SourceRepository source;
    private final IssueKeyMatcher keys = new IssueKeyMatcher(Set.of("ABC", "CORE"));
    private final List<Long> progress = new ArrayList<>();
    private final RecordingOutbox outbox = new RecordingOutbox();
    /** Whether an index has completed, as the repository's row tells the job: until then each is the first. */
    private boolean indexedOnce;

    abstract DataSource database();

    @BeforeEach
    void setUp() {
        dataSource = database();
        jdbc = new JdbcTemplate(dataSource);
        store = TestDatabases.store(dataSource, outbox);
        source = SourceRepository.create(temp.resolve("source"));
    }

    @AfterEach
    void closeSource() {
        source.close();
    }

    @Test
    void firstIndexStoresCommitsMentioningKeysAndBranchesNamingThem() {
        source.commit("Initial commit");
        String login = source.commit("ABC-1 Add login form");
        String both = source.commit("CORE-2, ABC-1: share the session store", "Grace Hopper");
        source.commit("bump abc-3 lookalike, and UTF-8 and XYZ-4 are not ours");
        source.branch("abc-4-fix-login");
        source.commit("Fix typo");
        source.checkout("main");
        source.branch("feature/CORE-5-webhooks");
        String webhooks = source.commit("CORE-5 Deliver webhooks");
        source.checkout("main");
        source.merge("abc-4-fix-login", "Merge branch 'abc-4-fix-login' into main");

        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(7, 3, 0, 2));
        assertThat(commitRows()).containsExactlyInAnyOrder(login + " ABC-1", both + " CORE-2", both + " ABC-1",
                webhooks + " CORE-5");
        assertThat(branchRows()).containsExactlyInAnyOrder("abc-4-fix-login ABC-4", "feature/CORE-5-webhooks CORE-5");
        assertThat(store.tips(REPOSITORY)).containsOnlyKeys("main", "abc-4-fix-login", "feature/CORE-5-webhooks");
        assertThat(jdbc.queryForList("select distinct tenant_id from indexed_commit", String.class))
                .containsExactly(TENANT);
    }

    @Test
    void storesTheMessageAuthorAndCommitTime() throws Exception {
        String sha = source.commit("ABC-1 Größen ändern ✅\n\nLonger body.", "Zoë Ünal");

        index();

        Map<String, Object> row = jdbc.queryForMap(
                "select message, author, committed_at from indexed_commit where sha = ?", sha);
        assertThat(row.get("message")).isEqualTo("ABC-1 Größen ändern ✅\n\nLonger body.");
        assertThat(row.get("author")).isEqualTo("Zoë Ünal");
        long commitTime = source.repository().parseCommit(source.repository().resolve(sha)).getCommitTime();
        assertThat(jdbc.queryForObject("select committed_at from indexed_commit where sha = ?", LocalDateTime.class,
                sha)).isEqualTo(LocalDateTime.ofEpochSecond(commitTime, 0, java.time.ZoneOffset.UTC));
    }

    @Test
    void incrementalIndexWalksOnlyTheNewCommits() {
        source.commit("ABC-1 One");
        source.commit("Two");
        index();
        String three = source.commit("ABC-3 Three");
        source.commit("Four");
        source.branch("abc-5-five");
        String five = source.commit("CORE-5 Five");

        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(3, 2, 0, 1));
        assertThat(commitRows()).hasSize(3).contains(three + " ABC-3", five + " CORE-5");
    }

    @Test
    void unchangedRepositoryWalksNothing() {
        source.commit("ABC-1 One");
        source.branch("abc-1-one");
        index();

        assertThat(index()).isEqualTo(new GitIndexResult(0, 0, 0, 1));
        assertThat(commitRows()).hasSize(1);
    }

    @Test
    void forcePushThatRewritesHistoryReplacesTheRowsOfTheOldCommits() {
        String kept = source.commit("ABC-1 Kept");
        String rewritten = source.commit("ABC-2 Will be rewritten");
        String dropped = source.commit("ABC-3 Will be dropped");
        index();
        source.resetHard(kept);
        String replacement = source.commit("ABC-2 Rewritten");

        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(1, 1, 2, 0));
        assertThat(commitRows()).containsExactlyInAnyOrder(kept + " ABC-1", replacement + " ABC-2");
        assertThat(commitRows()).noneMatch(row -> row.startsWith(rewritten) || row.startsWith(dropped));
    }

    @Test
    void deletedBranchLosesItsBranchRowsAndItsUniqueCommits() {
        String base = source.commit("ABC-1 Base");
        source.branch("abc-2-unmerged");
        source.commit("ABC-2 Unmerged work");
        source.commit("CORE-3 More unmerged work");
        source.checkout("main");
        source.branch("abc-9-merged");
        String merged = source.commit("ABC-9 Merged work");
        source.checkout("main");
        String merge = source.merge("abc-9-merged", "Merge pull request #9 from acme/ABC-9-merged");
        index();
        assertThat(branchRows()).containsExactlyInAnyOrder("abc-2-unmerged ABC-2", "abc-9-merged ABC-9");

        source.deleteBranch("abc-2-unmerged");
        source.deleteBranch("abc-9-merged");
        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(0, 0, 2, 0));
        assertThat(branchRows()).isEmpty();
        assertThat(commitRows()).containsExactlyInAnyOrder(base + " ABC-1", merged + " ABC-9", merge + " ABC-9");
        assertThat(store.tips(REPOSITORY)).containsOnlyKeys("main");
    }

    /**
     * A commit dated before its parent (a committer's clock was wrong) lets the walk meet still-reachable commits
     * before it learns that a branch reaches them; their rows must survive. RevWalk itself re-checks only the last
     * few commits it produced, so the shared history here is longer than that, and two commits are back-dated so
     * that the walk has not read the parent of the first one when it meets the shared history.
     */
    @Test
    void deletedBranchKeepsTheRowsOfCommitsReachableOnlyThroughAClockSkewedCommit() {
        String base = source.commit("ABC-1 Base");
        source.commits(10, i -> "ABC-2 Shared part " + i);
        source.branch("abc-3-gone");
        String gone = source.commit("ABC-3 Only on the deleted branch");
        source.checkout("main");
        String skewed = source.commitDated("CORE-4 Committed on a machine whose clock was a year behind",
                Instant.ofEpochSecond(1_700_000_000L));
        source.commitDated("And another one from that machine", Instant.ofEpochSecond(1_700_000_060L));
        source.commits(20, i -> "Later work on main, part " + i);
        index();

        source.deleteBranch("abc-3-gone");
        GitIndexResult result = index();

        assertThat(result.commitsRemoved()).isEqualTo(1);
        assertThat(commitRows()).hasSize(12).contains(base + " ABC-1", skewed + " CORE-4")
                .noneMatch(row -> row.startsWith(gone));
    }

    @Test
    void renamedBranchMovesItsBranchRowsWithoutWalkingAgain() {
        source.commit("ABC-1 One");
        source.branch("abc-1-old-name");
        index();
        source.branch("core-7-new-name");
        source.deleteBranch("abc-1-old-name");

        assertThat(index()).isEqualTo(new GitIndexResult(0, 0, 0, 1));
        assertThat(branchRows()).containsExactly("core-7-new-name CORE-7");
    }

    @Test
    void rerunAfterACrashOfTheFirstIndexStoresEachRowOnce() {
        source.commit("ABC-1 One");
        source.commit("ABC-2 CORE-2 Two");
        source.commit("Three");

        assertThatThrownBy(() -> index(crashingBeforeTips())).hasMessage("crash");
        assertThat(commitRows()).hasSize(3);
        assertThat(store.tips(REPOSITORY)).isEmpty();
        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(3, 2, 0, 0));
        assertThat(commitRows()).hasSize(3).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("select count(*) from indexed_commit", Integer.class)).isEqualTo(3);
    }

    @Test
    void rerunAfterACrashOfAnIncrementalIndexWalksTheNewCommitsAgainWithoutDuplicates() {
        source.commit("ABC-1 One");
        index();
        source.commit("ABC-2 Two");
        source.commit("ABC-3 Three");

        assertThatThrownBy(() -> index(crashingBeforeTips())).hasMessage("crash");
        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(2, 2, 0, 0));
        assertThat(jdbc.queryForObject("select count(*) from indexed_commit", Integer.class)).isEqualTo(3);
    }

    @Test
    void failedWriteFailsTheIndexBeforeTheTipsAreStored() {
        source.commits(3_500, i -> "ABC-" + i + " change");
        JdbcTemplate template = new JdbcTemplate(dataSource);
        IndexStore failing = new IndexStore(template, new DataSourceTransactionManager(dataSource), outbox) {
            private int writes;

            @Override
            void insertCommits(String repositoryPk, String tenantId, List<CommitRow> rows, boolean announce) {
                if (++writes == 2) {
                    throw new IllegalStateException("database gone");
                }
                super.insertCommits(repositoryPk, tenantId, rows, announce);
            }
        };

        assertThatThrownBy(() -> index(indexer(failing))).hasMessage("database gone");
        assertThat(store.tips(REPOSITORY)).isEmpty();
        assertThat(index().commitsWalked()).isEqualTo(3_500);
        assertThat(commitRows()).hasSize(3_500).doesNotHaveDuplicates();
    }

    @Test
    void forcePushBetweenACrashAndTheRerunLeavesNoRowsOfTheDroppedCommits() {
        String kept = source.commit("ABC-1 Kept");
        index();
        String dropped = source.commit("ABC-2 Stored by the crashed index, then force-pushed away");
        assertThatThrownBy(() -> index(crashingBeforeTips())).hasMessage("crash");
        source.resetHard(kept);
        String replacement = source.commit("ABC-3 Replacement");

        GitIndexResult result = index();

        assertThat(result.commitsRemoved()).isEqualTo(1);
        assertThat(commitRows()).containsExactlyInAnyOrder(kept + " ABC-1", replacement + " ABC-3")
                .noneMatch(row -> row.startsWith(dropped));
    }

    @Test
    void lostMirrorIsFetchedAgainAndStaleRowsAreDropped() {
        String kept = source.commit("ABC-1 Kept");
        String dropped = source.commit("ABC-2 Dropped while the mirror was lost");
        index();
        indexer(store).mirror(REPOSITORY).delete();
        source.resetHard(kept);
        String replacement = source.commit("ABC-3 Replacement");

        GitIndexResult result = index();

        assertThat(result).isEqualTo(new GitIndexResult(2, 2, 1, 0));
        assertThat(commitRows()).containsExactlyInAnyOrder(kept + " ABC-1", replacement + " ABC-3")
                .noneMatch(row -> row.startsWith(dropped));
    }

    @Test
    void mirrorFetchedAnewDoesNotWalkTheIndexedHistoryAgain() {
        source.commits(50, i -> "ABC-" + i + " change");
        index();
        indexer(store).mirror(REPOSITORY).delete();
        source.commit("ABC-51 New");

        assertThat(index()).isEqualTo(new GitIndexResult(1, 1, 0, 0));
        assertThat(commitRows()).hasSize(51);
    }

    @Test
    void mirrorWithCorruptPacksIsHealedByTheNextIndex() throws Exception {
        String one = source.commit("ABC-1 One");
        index();
        String two = source.commit("ABC-2 Two");
        Path mirror = indexer(store).mirror(REPOSITORY).directory();
        // A disk error: every pack of the mirror is cut short.
        try (var packs = java.nio.file.Files.newDirectoryStream(mirror.resolve("objects/pack"), "*.pack")) {
            for (Path pack : packs) {
                java.nio.file.Files.write(pack, new byte[] {'P', 'A', 'C', 'K'});
            }
        }

        // JGit skips the unreadable pack (and logs so) and fetches what is missing.
        assertThat(index()).isEqualTo(new GitIndexResult(1, 1, 0, 0));
        assertThat(commitRows()).containsExactlyInAnyOrder(one + " ABC-1", two + " ABC-2");
    }

    @Test
    void reportsProgressEveryThousandCommits() {
        source.commits(2_050, i -> i % 3 == 0 ? "ABC-" + i + " change" : "change " + i);

        GitIndexResult result = index();

        assertThat(result.commitsWalked()).isEqualTo(2_050);
        assertThat(result.commitsWithKeys()).isEqualTo(683);
        assertThat(progress).containsExactly(1_000L, 2_000L, 2_050L);
        assertThat(jdbc.queryForObject("select count(*) from indexed_commit", Integer.class)).isEqualTo(683);
    }

    @Test
    void aCommitNamingAHundredThousandKeysStoresItsFirstHundred() {
        String many = source.commit(IntStream.rangeClosed(1, 100_000).mapToObj(i -> "ABC-" + i)
                .collect(Collectors.joining(",")));

        GitIndexResult result = index();

        assertThat(result.commitsWithKeys()).isEqualTo(1);
        assertThat(commitRows()).hasSize(IssueKeyMatcher.MAX_KEYS)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 100).mapToObj(i -> many + " ABC-" + i)
                        .toList());
    }

    @Test
    void aCommitObjectOverTheSizeLimitIsWalkedThroughButNotIndexed() {
        String before = source.commit("ABC-1 Before the large one");
        String large = source.commit("ABC-2 A message of more than a megabyte\n\n"
                + "CORE-3 ".repeat((int) (GitIndexer.MAX_COMMIT_SIZE / 7) + 1));
        String after = source.commit("ABC-4 After the large one");

        GitIndexResult result = index();

        assertThat(result.commitsWalked()).isEqualTo(3);
        assertThat(commitRows()).containsExactlyInAnyOrder(before + " ABC-1", after + " ABC-4")
                .noneMatch(row -> row.startsWith(large));
        assertThat(store.tips(REPOSITORY)).isEqualTo(Map.of("main", after));
    }

    @Test
    void aMirrorOverItsQuotaFailsTheIndexAndIsDeleted() {
        source.commits(500, i -> "ABC-" + i + " change " + "x".repeat(100));
        GitIndexer small = new GitIndexer(store, temp.resolve("mirrors"), Duration.ofSeconds(5), Set.of("file"),
                16 * 1024);

        assertThatThrownBy(() -> index(small)).isInstanceOf(MirrorQuotaExceeded.class)
                .hasMessage("The repository's mirror exceeds the 16 KB quota");
        assertThat(small.mirror(REPOSITORY).directory()).doesNotExist();
        assertThat(store.tips(REPOSITORY)).isEmpty();
        assertThat(index().commitsWalked()).as("with room enough").isEqualTo(500);
    }

    @Test
    void emptyRepositoryIndexesToNothing() {
        assertThat(index()).isEqualTo(new GitIndexResult(0, 0, 0, 0));
        assertThat(store.tips(REPOSITORY)).isEmpty();
    }

    @Test
    void deleteForgetsTheRepositoryRowsAndMirrorOnly() throws Exception {
        source.commit("ABC-1 One");
        source.branch("abc-1-one");
        index();
        try (SourceRepository other = SourceRepository.create(temp.resolve("other"))) {
            other.commit("CORE-1 Other");
            indexer(store).index(new GitIndexRequest("repo-2", TENANT, GitRemote.anonymous(other.url()), keys, true, null));
        }
        GitIndexer indexer = indexer(store);
        Path mirror = indexer.mirror(REPOSITORY).directory();
        assertThat(mirror).isDirectory();

        indexer.delete(REPOSITORY);

        assertThat(mirror).doesNotExist();
        for (String table : List.of("indexed_ref", "indexed_commit", "indexed_branch")) {
            assertThat(jdbc.queryForList("select distinct repository_pk from " + table, String.class))
                    .as(table).doesNotContain(REPOSITORY);
        }
        assertThat(jdbc.queryForObject("select count(*) from indexed_commit where repository_pk = 'repo-2'",
                Integer.class)).isEqualTo(1);
        assertThat(indexer.mirror("repo-2").directory()).isDirectory();
    }

    @Test
    void tipsAreTheBranchesOfTheHost() throws Exception {
        String sha = source.commit("ABC-1 One");

        index();

        assertThat(store.tips(REPOSITORY)).isEqualTo(Map.of("main", sha));
        assertThat(source.repository().exactRef(Constants.R_HEADS + "main").getObjectId().name()).isEqualTo(sha);
    }

    @Test
    void storesAuthorEmailAuthorTimeParentsAndThePathsChangedAgainstTheFirstParent() throws Exception {
        source.allowFilters(false);
        String root = source.commitFile("README.md", "hello", "ABC-1 Start").name();
        source.branch("abc-2-feature");
        source.commitFile("a.txt", "a", "Add a");
        String feature = source.commitFile("b.txt", "b", "ABC-2 Add b").name();
        source.checkout("main");
        String onMain = source.commitFile("README.md", "hello again", "CORE-3 Edit the readme").name();
        String merge = source.merge("abc-2-feature", "ABC-2 Merge the feature");

        index();

        Map<String, Object> merged = commitColumns(merge);
        assertThat(merged.get("author_email")).isEqualTo("grace@example.com");
        assertThat(number(merged.get("parent_count"))).isEqualTo(2);
        assertThat(number(merged.get("file_count"))).isEqualTo(2).isEqualTo(gitChangedPaths(merge));
        assertThat(number(commitColumns(feature).get("file_count"))).isEqualTo(1).isEqualTo(gitChangedPaths(feature));
        assertThat(number(commitColumns(onMain).get("file_count"))).isEqualTo(1);
        assertThat(number(commitColumns(root).get("file_count"))).isEqualTo(1);
        assertThat(number(commitColumns(root).get("parent_count"))).isZero();
        var author = source.repository().parseCommit(source.repository().resolve(onMain)).getAuthorIdent();
        assertThat(commitColumns(onMain).get("author_email")).isEqualTo(author.getEmailAddress());
        assertThat(jdbc.queryForObject("select authored_at from indexed_commit where sha = ?", LocalDateTime.class,
                onMain)).isEqualTo(LocalDateTime.ofInstant(author.getWhenAsInstant(), java.time.ZoneOffset.UTC));
    }

    @Test
    void aMirrorOfCommitsOnlyLeavesThePathsChangedUnknown() {
        String sha = source.commitFile("README.md", "hello", "ABC-1 Start").name();

        index();

        Map<String, Object> row = commitColumns(sha);
        assertThat(row.get("file_count")).isNull();
        assertThat(number(row.get("parent_count"))).isZero();
        assertThat(row.get("author_email")).isNotNull();
    }

    @Test
    void branchRowsHoldTheirTipCommitAlsoWhenItMentionsNoKey() {
        source.commit("ABC-1 One");
        source.branch("abc-7-lower-case");
        String tip = source.commit("Work without a key", "Zoë Ünal");

        index();

        Map<String, Object> branch = jdbc.queryForMap("select issue_key, tip_sha, tip_message, tip_author, "
                + "tip_author_email, tip_parent_count from indexed_branch where name = 'abc-7-lower-case'");
        assertThat(branch.get("issue_key")).isEqualTo("ABC-7");
        assertThat(branch.get("tip_sha")).isEqualTo(tip);
        assertThat(branch.get("tip_message")).isEqualTo("Work without a key");
        assertThat(branch.get("tip_author")).isEqualTo("Zoë Ünal");
        assertThat(branch.get("tip_author_email")).isEqualTo("ada@example.com");
        assertThat(number(branch.get("tip_parent_count"))).isEqualTo(1);
    }

    @Test
    void theFirstIndexAnnouncesNothingOnItsOwnAndTheNextAnnouncesExactlyWhatChanged() {
        source.commit("ABC-1 One");
        source.branch("abc-2-stays");
        source.commit("ABC-2 Two");
        source.checkout("main");
        source.branch("abc-3-goes");
        source.checkout("main");
        source.branch("abc-4-moves");
        source.checkout("main");
        index();
        assertThat(outbox.calls()).as("the first index reaches Jira as one backfill").isEmpty();

        String five = source.commit("ABC-5 Five");
        String six = source.commit("CORE-6 ABC-5 Six");
        source.commit("Seven, no key");
        source.deleteBranch("abc-3-goes");
        source.checkout("abc-4-moves");
        String moved = source.commit("Moves the branch");
        source.branch("core-8-new");
        source.checkout("main");
        index();

        assertThat(outbox.calls()).containsExactlyInAnyOrder(
                "commitsChanged " + REPOSITORY + " " + java.util.stream.Stream.of(five, six).sorted().toList(),
                "branchesChanged " + REPOSITORY + " [abc-4-moves, core-8-new]",
                "branchesDeleted " + REPOSITORY + " [abc-3-goes]");
        assertThat(jdbc.queryForObject("select distinct tip_sha from indexed_branch where name = 'abc-4-moves'",
                String.class)).isEqualTo(moved);

        outbox.clear();
        index();
        assertThat(outbox.calls()).as("nothing changed").isEmpty();
    }

    @Test
    void aRerunAfterALostMirrorAnnouncesOnlyTheCommitsNotStoredBefore() {
        source.commit("ABC-1 Kept");
        index();
        indexer(store).mirror(REPOSITORY).delete();
        String added = source.commit("ABC-2 Added while the mirror was lost");

        index();

        assertThat(outbox.calls()).containsExactly("commitsChanged " + REPOSITORY + " [" + added + "]");
    }

    @Test
    void readsACommitFromTheMirrorWithoutFetchingOrCreatingOne() {
        source.allowFilters(false);
        String sha = source.commitFile("README.md", "hello", "Start without a key").name();
        GitIndexer indexer = indexer(store);

        assertThat(indexer.mirroredCommit(REPOSITORY, sha)).isEmpty();
        assertThat(indexer.mirror(REPOSITORY).directory()).doesNotExist();
        index();
        String later = source.commit("Not fetched yet");

        IndexStore.CommitDetails tip = indexer.mirroredCommit(REPOSITORY, sha).orElseThrow();
        assertThat(tip.message()).isEqualTo("Start without a key");
        assertThat(tip.fileCount()).isEqualTo(1);
        assertThat(tip.parentCount()).isZero();
        assertThat(indexer.mirroredCommit(REPOSITORY, later)).isEmpty();
        assertThat(indexer.mirroredCommit(REPOSITORY, "not-a-sha")).isEmpty();
    }

    private Map<String, Object> commitColumns(String sha) {
        return jdbc.queryForList("select author_email, authored_at, file_count, parent_count from indexed_commit "
                + "where sha = ?", sha).get(0);
    }

    private static Integer number(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    /** What git itself lists as the commit's paths changed against its first parent. */
    private int gitChangedPaths(String sha) throws Exception {
        Process git = new ProcessBuilder("git", "-C", temp.resolve("source").toString(), "diff-tree", "-r",
                "--name-only", "--no-commit-id", sha + "^1", sha).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as(out).isZero();
        return (int) out.lines().filter(line -> !line.isBlank()).count();
    }

    private GitIndexResult index() {
        return index(indexer(store));
    }

    private GitIndexResult index(GitIndexer indexer) {
        GitIndexResult result = indexer.index(new GitIndexRequest(REPOSITORY, TENANT, GitRemote.anonymous(source.url()),
                keys, !indexedOnce, progress::add));
        indexedOnce = true;
        return result;
    }

    private GitIndexer indexer(IndexStore indexStore) {
        return new GitIndexer(indexStore, temp.resolve("mirrors"), Duration.ofSeconds(5), Set.of("file"));
    }

    /** An indexer whose process dies after storing commits and branches, before storing the tips. */
    private GitIndexer crashingBeforeTips() {
        return indexer(new IndexStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), outbox) {
            @Override
            void replaceTips(String repositoryPk, Map<String, String> tips) {
                throw new IllegalStateException("crash");
            }
        });
    }

    /** {@code "<sha> <key>"} for every commit row. */
    private List<String> commitRows() {
        return jdbc.queryForList("select sha || ' ' || issue_key from indexed_commit where repository_pk = ?",
                String.class, REPOSITORY);
    }

    private Set<String> branchRows() {
        return new HashSet<>(jdbc.queryForList(
                "select name || ' ' || issue_key from indexed_branch where repository_pk = ?", String.class,
                REPOSITORY));
    }
}
