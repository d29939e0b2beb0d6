package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.gitbridge.provider.GitRemote;
import com.gitbridge.testing.PostgresServer;
import com.zaxxer.hikari.HikariDataSource;

/**
 * How fast the git index is on a repository of 100,000 commits, against {@code git log} on the same repository.
 * Prints figures; asserts only that the index is right. The repository is generated with {@code git fast-import},
 * bare-cloned, packed as a host keeps its repositories, and served by {@code git daemon} (native git on the server
 * side, as on a real host, and not in this JVM as JGit's in-process server for {@code file://} URLs would be). As a
 * reference for the fetch it also times native git's own client cloning the same commits. Storage: PostgreSQL (the
 * test cluster, which runs with fsync off). Run with {@code ./mvnw -Pbenchmark verify}.
 */
@Tag("benchmark")
class GitIndexBenchmarkTest {

    private static final int COMMITS = 100_000;
    private static final int NEW_COMMITS = 100;
    private static final Set<String> PROJECTS = Set.of("ABC", "CORE", "WEB", "OPS");

    @TempDir
    Path temp;

    @Test
    void indexesOneHundredThousandCommits() throws Exception {
        long start = System.nanoTime();
        Path generated = temp.resolve("generated.git");
        git("init", "--bare", "-q", "-b", "main", generated.toString());
        HistoryWriter history = new HistoryWriter(new Random(42));
        fastImport(generated, history::writeRepository);
        Path host = temp.resolve("host.git");
        git("clone", "--bare", "--no-local", "-q", generated.toString(), host.toString());
        // As GitHub and GitLab do: serve partial clones, from repositories their housekeeping keeps in one pack with
        // a reachability bitmap and a commit-graph. Without the bitmap the server counts every object of every fetch
        // by walking the history, and that, not the client, takes most of a full fetch's time.
        git("--git-dir", host.toString(), "config", "uploadpack.allowFilter", "true");
        git("--git-dir", host.toString(), "repack", "-a", "-d", "-b", "-q");
        git("--git-dir", host.toString(), "commit-graph", "write", "--reachable");
        print("generated %,d commits (%,d mention keys) with git fast-import, bare-cloned and packed them in %.1f s",
                history.commits, history.commitsWithKeys, seconds(System.nanoTime() - start));

        double gitLog = bestOf(3, () -> git("--git-dir", host.toString(), "log", "--all", "--format=%H%x00%B"));
        print("git log --all --format=%%H%%x00%%B: %.2f s (best of 3)", gitLog);

        PostgresServer server = PostgresServer.get();
        Process daemon = null;
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(server.createDatabase("bench_" + UUID.randomUUID().toString().replace("-", "")));
            dataSource.setUsername(server.username());
            TestDatabases.migrate(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            IndexStore store = new IndexStore(jdbc, new DataSourceTransactionManager(dataSource), new RecordingOutbox());
            GitIndexer indexer = new GitIndexer(store, temp.resolve("mirrors"), Duration.ofSeconds(20), Set.of("git"));
            int port = freePort();
            daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--base-path=" + temp,
                    "--listen=127.0.0.1", "--port=" + port, temp.toString())
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            awaitListening(port);
            String url = "git://127.0.0.1:" + port + "/host.git";

            // Native git's client is the practical limit for the fetch part of a full index.
            Path nativeClones = temp.resolve("native-clones");
            int[] clone = {0};
            double gitClone = bestOf(3, () -> git("clone", "--bare", "-q", "--filter=tree:0", url,
                    nativeClones.resolve("clone-" + ++clone[0] + ".git").toString()));
            print("git clone --bare --filter=tree:0 (native client, same server): %.2f s (best of 3)", gitClone);
            GitIndexRequest request = new GitIndexRequest("bench", "tenant", GitRemote.anonymous(url), new IssueKeyMatcher(PROJECTS),
                    true, null);

            long cold = System.nanoTime();
            GitIndexResult full = indexer.index(request);
            double coldSeconds = seconds(System.nanoTime() - cold);
            assertThat(full.commitsWalked()).isEqualTo(COMMITS);
            assertThat(full.commitsWithKeys()).isEqualTo(history.commitsWithKeys);
            int rows = jdbc.queryForObject("select count(*) from indexed_commit", Integer.class);
            print("full index, new mirror, first in this JVM (fetch of commits only + walk + store): %.2f s, "
                    + "%,.0f commits/s, %,d rows; %.1f x git log", coldSeconds, COMMITS / coldSeconds, rows,
                    coldSeconds / gitLog);

            store.deleteRepository("bench");
            long warm = System.nanoTime();
            GitIndexResult again = indexer.index(request);
            double warmSeconds = seconds(System.nanoTime() - warm);
            assertThat(again).isEqualTo(full);
            print("full index, mirror up to date (walk + store): %.2f s, %,.0f commits/s; %.1f x git log",
                    warmSeconds, COMMITS / warmSeconds, warmSeconds / gitLog);

            // As a running app indexes its next repositories: each a new mirror, the JVM no longer cold. Each run
            // right after a git log of its own, so that the two are timed in the same state of the machine; best of 3.
            List<String> newMirrorRuns = new ArrayList<>();
            double newMirrorSeconds = Double.MAX_VALUE;
            double gitLogAlongside = Double.MAX_VALUE;
            for (int next = 2; next <= 4; next++) {
                double log = bestOf(1, () -> git("--git-dir", host.toString(), "log", "--all", "--format=%H%x00%B"));
                long started = System.nanoTime();
                GitIndexResult other = indexer.index(new GitIndexRequest("bench-" + next, "tenant", GitRemote.anonymous(url),
                        new IssueKeyMatcher(PROJECTS), true, null));
                double took = seconds(System.nanoTime() - started);
                assertThat(other).isEqualTo(full);
                newMirrorRuns.add(String.format(Locale.ROOT, "%.2f s after git log %.2f s", took, log));
                newMirrorSeconds = Math.min(newMirrorSeconds, took);
                gitLogAlongside = Math.min(gitLogAlongside, log);
            }
            // Timed alongside, git log can be slowed by the database still writing out the previous index.
            print("full index, new mirror, JVM warm (fetch of commits only + walk + store): %.2f s, %,.0f commits/s; "
                    + "%.1f x git log (%.1f x the git log timed alongside, best %.2f s; each run: %s)", newMirrorSeconds,
                    COMMITS / newMirrorSeconds, newMirrorSeconds / gitLog, newMirrorSeconds / gitLogAlongside,
                    gitLogAlongside, String.join(", ", newMirrorRuns));

            Map<String, ObjectId> branches;
            try (GitMirror indexed = indexer.mirror("bench")) {
                branches = indexed.branches();
            }
            int[] fetched = {0};
            double fetchSeconds = bestOf(3, () -> {
                try (GitMirror mirror = indexer.mirror("bench-fetch-" + ++fetched[0])) {
                    mirror.fetch(GitRemote.anonymous(url));
                    assertThat(mirror.branches()).isEqualTo(branches);
                }
            });
            print("fetch alone (JGit client), new mirror, JVM warm: %.2f s (best of 3); %.1f x native git clone",
                    fetchSeconds, fetchSeconds / gitClone);

            long unchanged = System.nanoTime();
            assertThat(indexer.index(request).commitsWalked()).isZero();
            print("index with nothing new: %.3f s", seconds(System.nanoTime() - unchanged));

            for (int round = 1; round <= 3; round++) {
                HistoryWriter more = new HistoryWriter(new Random(round));
                int base = round;
                fastImport(host, out -> more.writeMoreOnMain(out, NEW_COMMITS, 1_800_000_000L + base * 1_000_000L));
                long incremental = System.nanoTime();
                GitIndexResult next = indexer.index(request);
                double incrementalSeconds = seconds(System.nanoTime() - incremental);
                assertThat(next.commitsWalked()).isEqualTo(NEW_COMMITS);
                assertThat(next.commitsWithKeys()).isEqualTo(more.commitsWithKeys);
                print("incremental index after %d new commits (round %d%s): %.3f s", NEW_COMMITS, round,
                        round == 1 ? ", the first incremental fetch in this JVM" : "", incrementalSeconds);
            }

            // As Azure DevOps and CodeCommit: no partial clones, so the mirror is a full copy.
            git("--git-dir", host.toString(), "config", "uploadpack.allowFilter", "false");
            long fullCopy = System.nanoTime();
            GitIndexResult copied = indexer.index(new GitIndexRequest("bench-full", "tenant", GitRemote.anonymous(url),
                    new IssueKeyMatcher(PROJECTS), true, null));
            double fullCopySeconds = seconds(System.nanoTime() - fullCopy);
            assertThat(copied.commitsWalked()).isEqualTo(COMMITS + 3 * NEW_COMMITS);
            assertThat(indexer.mirror("bench-full").fullCopy()).isTrue();
            print("full index, new mirror, host without partial clone (full copy + walk + store): %.2f s, %,.0f "
                    + "commits/s", fullCopySeconds, copied.commitsWalked() / fullCopySeconds);
        } finally {
            if (daemon != null) {
                daemon.destroy();
                daemon.waitFor();
            }
        }
        print("machine: %d cores available to the JVM, load average %s", Runtime.getRuntime().availableProcessors(),
                loadAverage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("git daemon did not start");
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double bestOf(int times, Step step) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            step.run();
            best = Math.min(best, seconds(System.nanoTime() - start));
        }
        return best;
    }

    private interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    private static void fastImport(Path gitDir, StreamWriter writer) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("git", "--git-dir", gitDir.toString(), "fast-import", "--quiet")
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.INHERIT).start();
        try (OutputStream out = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
            writer.write(out);
        }
        assertThat(process.waitFor()).as("git fast-import").isZero();
    }

    /** Runs git in the temporary directory; its output is read and dropped, as a pipe to a consumer would be. */
    private void git(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(temp.toFile())
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.INHERIT).start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void print(String format, Object... arguments) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, arguments));
    }

    /**
     * A git fast-import stream of a plausible history: a main line with feature branches merged by pull requests,
     * a few branches still open, messages with keys of the site's projects in about a third of the commits, and
     * lookalikes (lower-case keys, UTF-8, keys of other projects) in others.
     */
    private static final class HistoryWriter {

        private static final String[] AUTHORS = {"Ada Lovelace", "Grace Hopper", "Zoë Ünal", "José Núñez",
            "Łukasz Wąs", "李雷", "Margaret Hamilton", "Linus Example", "Dennis Ritchie", "Barbara Liskov"};
        private static final String[] COMPONENTS = {"LoginController", "webhook delivery", "session store",
            "billing export", "search index", "rate limiter", "audit log", "PDF renderer", "CSV import", "cache"};
        private static final String[] SUBJECTS = {"Fix null pointer in %s when the session expires",
            "Add retry with backoff to %s", "Refactor %s for readability", "Speed up %s on large inputs",
            "Handle timeouts in %s", "Remove dead code from %s", "Log failures of %s", "Tidy tests of %s"};
        private static final String[] PLAIN = {"Bump jackson-databind from 2.17.1 to 2.17.2",
            "Update README with setup steps", "Fix typo", "Format code", "Read UTF-8 files and ISO-8601 dates",
            "wip", "Revert \"Tidy tests\"", "Upgrade to JUnit 5.11", "Use SHA-256 checksums", "Fix flaky test"};
        private static final String[] PROJECT_KEYS = {"ABC", "CORE", "WEB", "OPS"};

        private final Random random;
        private long time = 1_514_764_800L;
        private int mark;
        int commits;
        int commitsWithKeys;

        HistoryWriter(Random random) {
            this.random = random;
        }

        void writeRepository(OutputStream out) throws IOException {
            int openBranches = 30;
            int mainTip = 0;
            int pullRequest = 0;
            while (commits < COMMITS - openBranches * 2) {
                if (commits % 40 == 39 && commits + 5 < COMMITS - openBranches * 2) {
                    String key = key();
                    String branch = key.toLowerCase(Locale.ROOT) + "-" + slug();
                    int featureTip = mainTip;
                    for (int i = 0; i < 3; i++) {
                        featureTip = commit(out, "refs/merged/" + branch, featureTip, 0, keyedMessage(key));
                    }
                    pullRequest++;
                    mainTip = commit(out, "refs/heads/main", mainTip, featureTip, "Merge pull request #" + pullRequest
                            + " from acme/" + branch + "\n\n" + key + " " + String.format(SUBJECTS[0], "merge"));
                } else {
                    mainTip = commit(out, "refs/heads/main", mainTip, 0, message());
                }
            }
            for (int i = 0; i < openBranches; i++) {
                String name = i % 3 == 0 ? "feature/" + slug() + "-" + i
                        : key().toLowerCase(Locale.ROOT) + "-" + slug();
                int from = Math.max(1, mainTip - random.nextInt(2_000));
                int tip = commit(out, "refs/heads/" + name, from, 0, message());
                commit(out, "refs/heads/" + name, tip, 0, message());
            }
        }

        void writeMoreOnMain(OutputStream out, int count, long startTime) throws IOException {
            time = startTime;
            for (int i = 0; i < count; i++) {
                commit(out, "refs/heads/main", i == 0 ? -1 : mark, 0, message());
            }
        }

        /** Writes a commit changing one file; its mark. {@code from} 0: none, -1: the branch's current tip. */
        private int commit(OutputStream out, String ref, int from, int merge, String message) throws IOException {
            mark++;
            commits++;
            if (hasKey(message)) {
                commitsWithKeys++;
            }
            time += 60 + random.nextInt(1_800);
            String author = AUTHORS[random.nextInt(AUTHORS.length)];
            String who = author + " <" + author.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT)
                    + "@example.com> " + time + " +0000\n";
            StringBuilder header = new StringBuilder("commit ").append(ref).append("\nmark :").append(mark)
                    .append("\nauthor ").append(who).append("committer ").append(who);
            write(out, header.toString());
            data(out, message);
            if (from == -1) {
                write(out, "from " + ref + "^0\n");
            } else if (from > 0) {
                write(out, "from :" + from + "\n");
            }
            if (merge > 0) {
                write(out, "merge :" + merge + "\n");
            } else {
                write(out, "M 100644 inline src/module" + random.nextInt(20) + "/File" + random.nextInt(50)
                        + ".java\n");
                data(out, "// revision " + mark + "\nclass Example {\n    int value = " + random.nextInt() + ";\n}\n");
            }
            write(out, "\n");
            return mark;
        }

        private String message() {
            int kind = random.nextInt(4);
            if (kind == 0) {
                return keyedMessage(key());
            }
            String subject = kind < 3 ? PLAIN[random.nextInt(PLAIN.length)]
                    : String.format(SUBJECTS[random.nextInt(SUBJECTS.length)], component());
            return switch (random.nextInt(6)) {
                case 0 -> subject + "\n\nLooks like " + key().toLowerCase(Locale.ROOT) + " again; see LEGACY-"
                        + (1 + random.nextInt(900)) + " in the old tracker.";
                case 1 -> subject + "\n\n- one\n- two\n\nSigned-off-by: " + AUTHORS[random.nextInt(AUTHORS.length)]
                        + " <dev@example.com>";
                default -> subject;
            };
        }

        private String keyedMessage(String key) {
            String subject = String.format(SUBJECTS[random.nextInt(SUBJECTS.length)], component());
            return switch (random.nextInt(4)) {
                case 0 -> key + " " + subject;
                case 1 -> key + ": " + subject + "\n\nAlso touches " + key() + ".";
                case 2 -> subject + "\n\nFixes https://acme.atlassian.net/browse/" + key;
                default -> "[" + key + "] " + subject + "\n\nCo-authored-by: Zoë Ünal <zoe@example.com>";
            };
        }

        private String key() {
            return PROJECT_KEYS[random.nextInt(PROJECT_KEYS.length)] + "-" + (1 + random.nextInt(5_000));
        }

        private String component() {
            return COMPONENTS[random.nextInt(COMPONENTS.length)];
        }

        private String slug() {
            return component().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
        }

        /** Whether the generator put a key of the site's projects in {@code message}: an upper-case one. */
        private static boolean hasKey(String message) {
            for (String project : PROJECT_KEYS) {
                int at = message.indexOf(project + "-");
                if (at >= 0 && at + project.length() + 1 < message.length()
                        && Character.isDigit(message.charAt(at + project.length() + 1))) {
                    return true;
                }
            }
            return false;
        }

        private static void data(OutputStream out, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            write(out, "data " + bytes.length + "\n");
            out.write(bytes);
            write(out, "\n");
        }

        private static void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
