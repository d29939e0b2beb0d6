package com.gitbridge.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppProcess;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.AppTestBase.TestTenant;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.KeepAliveConnection;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithLatency;
import com.gitbridge.testing.hosts.TestCredential;
import com.sun.management.GarbageCollectionNotificationInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two app instances, each a JVM of its own with a 512 MB heap, on one PostgreSQL, reached directly on their ports;
 * users (default 100, {@code -Dload.users}) each in a loop, with no pause by default ({@code -Dload.pause=1s} for one
 * of a second on average), on kept-alive connections: read an issue's development panel, and one time in ten
 * ({@code -Dload.createOneIn}) create a branch, on the two instances in turn, for a while (default 5 minutes,
 * {@code -Dload.duration=30s}) after a warm-up that lets the JIT compile the request path ({@code -Dload.warmup},
 * default 60 s). Jira and the GitHub Enterprise host (WireMock in this JVM) answer after 50 ms. Prints throughput,
 * latency and heap figures (with the read p99 and the CPU per request of the instances, PostgreSQL and this JVM in
 * every 10 s, this JVM's own GC pauses, and the CPU of the instances' JIT and GC threads); asserts only correctness:
 * no failed request, and every branch created reached the host and the audit trail exactly once. The tenant is
 * installed through the signed {@code /installed} lifecycle on both instances; the integration is added through the
 * API; indexed commits are seeded in the database (indexing jobs are off: they would clone from a host that is not
 * there). Run with {@code ./mvnw -Pload verify}.
 */
@Tag("load")
class TwoInstancesLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DURATION = duration("load.duration", "5m");
    private static final Duration WARM_UP = duration("load.warmup", "60s");
    private static final int USERS = Integer.getInteger("load.users", 100);
    /** A user's pause between two requests, on average (uniform between half and one and a half of it); default none. */
    private static final Duration PAUSE = duration("load.pause", "0s");
    private static final Duration HOST_LATENCY = Duration.ofMillis(50);
    /** One request in this many creates a branch; 0: none does (to tell the reads' cost from the creates'). */
    private static final int CREATE_ONE_IN = Integer.getInteger("load.createOneIn", 10);
    private static final long PROJECT_ID = 10000;
    private static final int ISSUES = 1_000;
    private static final int REPOSITORIES = 5;
    private static final int COMMITS_PER_ISSUE = 20;
    private static final String READ = "panel read";
    private static final String CREATE = "branch create";
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(1);
    private static final Duration READ_WINDOW = Duration.ofSeconds(10);

    private final String clientKey = "load-" + UUID.randomUUID();
    private final String sharedSecret = "secret-" + UUID.randomUUID() + UUID.randomUUID();
    private final String admin = "load-admin-" + UUID.randomUUID();
    /** For setting up: install and the integration. The users have connections of their own. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void twoInstancesServeUsersReadingPanelsAndCreatingBranches() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String database = postgres.createDatabase("load_" + UUID.randomUUID().toString().replace("-", ""));
        JiraStub jira = new JiraStub("/jira-" + UUID.randomUUID(), HOST_LATENCY).administrator(admin)
                .developers("load-user-", PROJECT_ID).issuesOf("LOAD", PROJECT_ID);
        GitHubEnterpriseWithLatency host = new GitHubEnterpriseWithLatency(HOST_LATENCY,
                IntStream.rangeClosed(1, REPOSITORIES).mapToObj(r -> "repo-" + r).toList());
        TestCredential integrationAccount = host.newCredential();
        host.accept(integrationAccount, "load-bot");
        Path directory = Files.createDirectories(Path.of("target", "load-test")).toAbsolutePath();

        try (AppProcess a = instance("a", directory, database, postgres);
             AppProcess b = instance("b", directory, database, postgres)) {
            List<AppProcess> instances = List.of(a, b);
            for (AppProcess instance : instances) {
                assertThat(install(instance, jira.siteUrl())).as("install on " + instance.baseUrl()).isEqualTo(204);
            }
            TestTenant tenant = new TestTenant(clientKey, sharedSecret, jira.siteUrl());
            String integrationId = addIntegration(a, tenant, host, integrationAccount);
            seed(postgres, database, integrationId);

            double speedBefore = machineSpeed();
            Run warmUp = run(instances, tenant, integrationId, WARM_UP, 1);
            List<Duration> cpuBefore = instances.stream().map(AppProcess::cpuTime).toList();
            List<Optional<Duration>> jitBefore = instances.stream().map(TwoInstancesLoadTest::jitCpu).toList();
            List<Optional<Duration>> gcBefore = instances.stream().map(TwoInstancesLoadTest::gcCpu).toList();
            long loadGeneratorCpuBefore = processCpuNanos();
            Run measured = run(instances, tenant, integrationId, DURATION, 2);
            long loadGeneratorCpu = processCpuNanos() - loadGeneratorCpuBefore;
            List<Duration> cpu = new ArrayList<>();
            List<String> cpuOfJitAndGc = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                cpu.add(instances.get(i).cpuTime().minus(cpuBefore.get(i)));
                cpuOfJitAndGc.add(since(jitBefore.get(i), jitCpu(instances.get(i))) + " JIT, "
                        + since(gcBefore.get(i), gcCpu(instances.get(i))) + " GC");
            }

            Set<String> attempted = new HashSet<>(warmUp.branchesAttempted);
            attempted.addAll(measured.branchesAttempted);
            Set<String> created = new HashSet<>(warmUp.branchesCreated);
            created.addAll(measured.branchesCreated);
            Map<String, Integer> audited = auditedBranches(postgres, database);
            Map<String, Long> seenByHost = host.branchesCreated().stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            List<AppProcess.GcSummary> heaps = instances.stream().map(AppProcess::gcSummary).toList();

            report(warmUp, measured, attempted, created, audited, seenByHost, instances, heaps);
            print("machine speed, one thread hashing: %.0f MB/s before the warm-up (the instances just started), %.0f MB/s "
                    + "after the run (runs of the same code differ; this tells whether the machine did)", speedBefore, machineSpeed());
            double appCpuPerRequest = cpu.stream().mapToLong(Duration::toNanos).sum() / 1e6 / measured.requests();
            print("CPU used in the measured phase: instances %s; per request %.1f ms of app CPU (both instances), "
                    + "%.1f ms in this JVM (load generator, Jira and host stubs); so 2 cores given to the app alone "
                    + "would serve at most about %.0f requests/s", cpu.stream().map(d -> d.toMillis() / 1000.0 + " s").toList(),
                    appCpuPerRequest, loadGeneratorCpu / 1e6 / measured.requests(), 2000 / appCpuPerRequest);
            print("of which the instances' JIT compiler threads and GC threads: %s", cpuOfJitAndGc);
            print("as WireMock timed its answers over the whole test: Jira %s; GitHub Enterprise %s",
                    stubAnswers(jira.siteUrl()), stubAnswers(host.baseUrl()));

            Map<String, Long> errors = new TreeMap<>(warmUp.errors());
            measured.errors().forEach((what, count) -> errors.merge(what, count, Long::sum));
            assertThat(errors).as("failed requests, by kind and status").isEmpty();
            if (CREATE_ONE_IN > 0) {
                assertThat(created).as("branches created").isNotEmpty();
            }
            assertThat(audited).as("audit entries per branch name").containsKeys(created.toArray(String[]::new))
                    .allSatisfy((name, entries) -> assertThat(attempted).as("asked for").contains(name))
                    .allSatisfy((name, entries) -> assertThat(entries).as(name).isEqualTo(1));
            assertThat(seenByHost).as("create requests the host received per branch name")
                    .containsKeys(created.toArray(String[]::new))
                    .allSatisfy((name, requests) -> assertThat(attempted).as("asked for").contains(name))
                    .allSatisfy((name, requests) -> assertThat(requests).as(name).isEqualTo(1));
            assertThat(instances).as("instances still running (they exit on OutOfMemoryError)")
                    .allMatch(AppProcess::isAlive);
        }
    }

    /** With {@code -Dload.jvmArguments="-XX:StartFlightRecording=filename=/tmp/{name}.jfr"} to profile the instances. */
    private static AppProcess instance(String name, Path directory, String database, PostgresServer postgres) {
        AppProcess.Builder builder = AppProcess.builder(name, directory.resolve(name)).heap("512m");
        for (String argument : System.getProperty("load.jvmArguments", "").split(" ")) {
            if (!argument.isBlank()) {
                builder.jvmArgument(argument.replace("{name}", name));
            }
        }
        return builder
                .database(database, postgres.username(), "")
                .property("spring.profiles.active", "production")
                // Indexing jobs would clone repositories from a host that only simulates its REST API.
                .property("db-scheduler.enabled", "false")
                // The test suite's leak watch reads every response; the figures are the app's own.
                .property("gitbridge.testing.canary-watch", "false")
                .start();
    }

    /** Jira's {@code installed} callback, signed with the install key as Jira signs it. */
    private int install(AppProcess instance, String siteUrl) throws Exception {
        String jwt = ConnectJwt.forRequest(clientKey, null, "POST", "/installed").audience(AppTestBase.ADDON_BASE_URL)
                .signRs256(InstallKeyServer.get().privateKey(), InstallKeyServer.KEY_ID);
        String body = """
                {"key":"git-bridge-for-jira","clientKey":"%s","sharedSecret":"%s","baseUrl":"%s",
                 "productType":"jira","description":"Load test site","eventType":"installed"}
                """.formatted(clientKey, sharedSecret, siteUrl);
        return send(instance, "POST", "/installed", "JWT " + jwt, body).statusCode();
    }

    private String addIntegration(AppProcess instance, TestTenant tenant, GitHubEnterpriseWithLatency host,
                                  TestCredential credential) throws Exception {
        String body = """
                {"type":"%s","name":"Acme","baseUrl":"%s","region":null,"credential":%s,"requireUserPat":false}
                """.formatted(host.type(), host.baseUrl(), credential.json());
        HttpResponse<String> created = send(instance, "POST", "/api/integrations", "JWT " + tenant.contextJwt(admin), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    /** Repositories acme/repo-1… of the integration, indexed, with commits and a branch for every issue. */
    private void seed(PostgresServer postgres, String database, String integrationId) throws Exception {
        try (Connection connection = DriverManager.getConnection(database, postgres.username(), "")) {
            try (PreparedStatement repository = connection.prepareStatement("""
                    insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url,
                        clone_url, default_branch, state, commits_indexed, reindex_requested, version)
                    values (?, ?, ?, ?, 'GITHUB_ENTERPRISE', ?, ?, 'main', 'DONE', ?, false, 0)""")) {
                for (int r = 1; r <= REPOSITORIES; r++) {
                    repository.setString(1, "load-repo-" + r);
                    repository.setString(2, clientKey);
                    repository.setString(3, integrationId);
                    repository.setString(4, "acme/repo-" + r);
                    repository.setString(5, "https://ghe.example/acme/repo-" + r);
                    repository.setString(6, "https://ghe.example/acme/repo-" + r + ".git");
                    repository.setLong(7, ISSUES * COMMITS_PER_ISSUE / REPOSITORIES);
                    repository.addBatch();
                }
                repository.executeBatch();
            }
            try (PreparedStatement commits = connection.prepareStatement("""
                    insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                    select 'load-repo-' || (g % ? + 1), md5(g::text) || substr(md5((g * 7)::text), 1, 8),
                           'LOAD-' || (g % ? + 1), ?, 'LOAD-' || (g % ? + 1) || ' change ' || g || E'\\n\\nWhy it changed.',
                           'developer-' || (g % 50), now() - (g || ' minutes')::interval
                    from generate_series(1, ?) g""");
                 PreparedStatement branches = connection.prepareStatement("""
                    insert into indexed_branch (repository_pk, name, issue_key, tenant_id)
                    select 'load-repo-' || (g % ? + 1), 'load-' || g || '-work', 'LOAD-' || g, ?
                    from generate_series(1, ?) g""")) {
                commits.setInt(1, REPOSITORIES);
                commits.setInt(2, ISSUES);
                commits.setString(3, clientKey);
                commits.setInt(4, ISSUES);
                commits.setInt(5, ISSUES * COMMITS_PER_ISSUE);
                commits.executeUpdate();
                branches.setInt(1, REPOSITORIES);
                branches.setString(2, clientKey);
                branches.setInt(3, ISSUES);
                branches.executeUpdate();
            }
            connection.createStatement().execute("analyze");
        }
    }

    /**
     * What one phase of the load saw: latencies per kind, failures per kind and status, the branches asked for and
     * those the app answered 201 for.
     */
    private record Run(Duration took, Map<String, List<Long>> latencies, Map<String, LongAdder> failures,
                       List<String> branchesAttempted, List<String> branchesCreated, long[] readP99ByWindow,
                       List<Long> ownPausesNanos, List<Long> readsClearOfOwnPauses, List<String> cpuByWindow) {

        Map<String, Long> errors() {
            Map<String, Long> errors = new TreeMap<>();
            failures.forEach((what, count) -> errors.put(what, count.sum()));
            return errors;
        }

        int requests() {
            return latencies.values().stream().mapToInt(List::size).sum();
        }
    }

    private Run run(List<AppProcess> instances, TestTenant tenant, String integrationId, Duration duration, int phase)
            throws Exception {
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        OwnGcPauses pauses = new OwnGcPauses();
        LongAdder answered = new LongAdder();
        CpuByWindow cpu = new CpuByWindow(instances, answered);
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        List<Future<User>> done = new ArrayList<>();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        for (int u = 0; u < USERS; u++) {
            User user = new User(u, phase, tenant, integrationId, instances, failures, answered);
            done.add(users.submit(() -> user.loopUntil(deadline)));
        }
        Map<String, List<Long>> latencies = new HashMap<>(Map.of(READ, new ArrayList<>(), CREATE, new ArrayList<>()));
        List<String> attempted = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<User> finished = new ArrayList<>();
        for (Future<User> future : done) {
            User user = future.get();
            finished.add(user);
            latencies.get(READ).addAll(user.reads);
            latencies.get(CREATE).addAll(user.creates);
            attempted.addAll(user.branchesAttempted);
            created.addAll(user.branchesCreated);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        users.shutdown();
        latencies.values().forEach(Collections::sort);
        List<long[]> ownPauses = pauses.stop();
        List<String> cpuByWindow = cpu.stop();
        return new Run(took, latencies, failures, attempted, created, readP99ByWindow(finished, started, took),
                ownPauses.stream().map(pause -> pause[1] - pause[0]).toList(), readsClear(finished, ownPauses), cpuByWindow);
    }

    /**
     * Samples, every {@link #READ_WINDOW}, the requests answered and the CPU used by the instances (and their JIT
     * threads), PostgreSQL's processes and this JVM: whether a slow stretch of a run cost more CPU per request, and
     * where.
     */
    private static final class CpuByWindow {
        private final List<AppProcess> instances;
        private final LongAdder answered;
        private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        CpuByWindow(List<AppProcess> instances, LongAdder answered) {
            this.instances = instances;
            this.answered = answered;
            sample();
            sampler.scheduleAtFixedRate(this::sample, READ_WINDOW.toMillis(), READ_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void sample() {
            long app = instances.stream().mapToLong(instance -> instance.cpuTime().toNanos()).sum();
            long jit = instances.stream().mapToLong(instance -> jitCpu(instance).map(Duration::toNanos).orElse(0L)).sum();
            samples.add(new long[] {answered.sum(), app, jit, postgresCpuNanos(), processCpuNanos()});
        }

        /** One entry per whole window: "650/s 1.9 (0.3) 0.4 0.5". */
        List<String> stop() {
            sampler.shutdownNow();
            List<String> windows = new ArrayList<>();
            synchronized (samples) {
                for (int i = 1; i < samples.size(); i++) {
                    long[] before = samples.get(i - 1);
                    long[] after = samples.get(i);
                    long requests = Math.max(1, after[0] - before[0]);
                    windows.add(String.format(Locale.ROOT, "%d/s %.1f (%.1f) %.1f %.1f",
                            requests / READ_WINDOW.toSeconds(), (after[1] - before[1]) / 1e6 / requests,
                            (after[2] - before[2]) / 1e6 / requests, (after[3] - before[3]) / 1e6 / requests,
                            (after[4] - before[4]) / 1e6 / requests));
                }
            }
            return windows;
        }
    }

    /** CPU used so far by the machine's PostgreSQL processes (the test's server is the only one), from /proc. */
    private static long postgresCpuNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (!Files.readString(process.resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException ended) {
                    // the process ended while being read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** The latencies, sorted, of the reads during which this JVM did not stop for a GC pause. */
    private static List<Long> readsClear(List<User> users, List<long[]> pausesByStart) {
        long[] starts = pausesByStart.stream().mapToLong(pause -> pause[0]).toArray();
        long[] ends = pausesByStart.stream().mapToLong(pause -> pause[1]).toArray();
        List<Long> clear = new ArrayList<>();
        for (User user : users) {
            for (int i = 0; i < user.reads.size(); i++) {
                long end = user.readEnds.get(i);
                long start = end - user.reads.get(i);
                // The last pause that started before the read ended; pauses do not overlap, so earlier ones ended earlier.
                int before = Arrays.binarySearch(starts, end);
                before = before >= 0 ? before - 1 : -before - 2;
                if (before < 0 || ends[before] <= start) {
                    clear.add(user.reads.get(i));
                }
            }
        }
        Collections.sort(clear);
        return clear;
    }

    /**
     * This JVM's own GC pauses, as its collectors report them, in {@code System.nanoTime()}: while one lasts, the
     * users here read no response, and the latency they measure grows by it, however fast the app answered.
     */
    private static final class OwnGcPauses {

        private final List<long[]> pauses = Collections.synchronizedList(new ArrayList<>());
        private final long uptimeZeroNanos = System.nanoTime()
                - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
        private final NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                // Collectors named "Concurrent" work beside the application without stopping it.
                if (!info.getGcName().contains("Concurrent")) {
                    pauses.add(new long[] {uptimeZeroNanos + info.getGcInfo().getStartTime() * 1_000_000,
                            uptimeZeroNanos + info.getGcInfo().getEndTime() * 1_000_000});
                }
            }
        };

        OwnGcPauses() {
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
            }
        }

        /** The pauses so far, by start; stops recording. */
        List<long[]> stop() throws ListenerNotFoundException {
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            }
            synchronized (pauses) {
                List<long[]> byStart = new ArrayList<>(pauses);
                byStart.sort(Comparator.comparingLong(pause -> pause[0]));
                return byStart;
            }
        }
    }

    /**
     * The p99 of the reads that ended in each window of the phase, in ms: even, the tail is the queue's; high at the
     * start, the instances were still warming up; one window high, something stopped them for a while.
     */
    private static long[] readP99ByWindow(List<User> users, long started, Duration took) {
        List<List<Long>> windows = new ArrayList<>();
        for (int w = 0; w <= took.toNanos() / READ_WINDOW.toNanos(); w++) {
            windows.add(new ArrayList<>());
        }
        for (User user : users) {
            for (int i = 0; i < user.reads.size(); i++) {
                windows.get((int) ((user.readEnds.get(i) - started) / READ_WINDOW.toNanos())).add(user.reads.get(i));
            }
        }
        return windows.stream().filter(window -> !window.isEmpty())
                .mapToLong(window -> {
                    Collections.sort(window);
                    return Math.round(percentile(window, 99));
                }).toArray();
    }

    /** One person: a distinct Jira account, its own random sequence of issues and repositories. */
    private final class User {

        final String accountId;
        final int number;
        final int phase;
        final TestTenant tenant;
        final String integrationId;
        final Map<String, LongAdder> failures;
        final LongAdder answered;
        final Random random;
        final List<KeepAliveConnection> connections = new ArrayList<>();
        final List<Long> reads = new ArrayList<>();
        /** When each read ended ({@code System.nanoTime()}), in the order of {@link #reads}. */
        final List<Long> readEnds = new ArrayList<>();
        String authorization;
        long authorizationSignedAt;
        final List<Long> creates = new ArrayList<>();
        final List<String> branchesAttempted = new ArrayList<>();
        final List<String> branchesCreated = new ArrayList<>();

        User(int number, int phase, TestTenant tenant, String integrationId, List<AppProcess> instances,
             Map<String, LongAdder> failures, LongAdder answered) {
            this.accountId = "load-user-" + number;
            this.number = number;
            this.phase = phase;
            this.tenant = tenant;
            this.integrationId = integrationId;
            this.failures = failures;
            this.answered = answered;
            this.random = new Random(number * 31L + phase);
            for (AppProcess instance : instances) {
                URI base = URI.create(instance.baseUrl());
                connections.add(new KeepAliveConnection(base.getHost(), base.getPort()));
            }
        }

        User loopUntil(long deadline) throws IOException, InterruptedException {
            try {
                loop(deadline);
            } finally {
                for (KeepAliveConnection connection : connections) {
                    connection.close();
                }
            }
            return this;
        }

        private void loop(long deadline) throws InterruptedException {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                if (!PAUSE.isZero()) {
                    // a person reading the panel before the next request: think time, not synchronisation
                    Thread.sleep(PAUSE.toMillis() / 2 + random.nextLong(PAUSE.toMillis() + 1));
                }
                KeepAliveConnection instance = connections.get((number + i) % connections.size());
                int issue = 1 + random.nextInt(ISSUES);
                if (CREATE_ONE_IN > 0 && random.nextInt(CREATE_ONE_IN) == 0) {
                    String name = "load-" + issue + "-p" + phase + "-u" + number + "-" + i;
                    String body = """
                            {"integrationId":"%s","repository":"acme/repo-%d","sourceBranch":"main","name":"%s"}
                            """.formatted(integrationId, 1 + random.nextInt(REPOSITORIES), name);
                    branchesAttempted.add(name);
                    KeepAliveConnection.Response response = timed(CREATE, creates, instance,
                            "/api/issues/LOAD-" + issue + "/branches", body);
                    if (response != null && check(CREATE, response, 201, "\"" + name + "\"")) {
                        branchesCreated.add(name);
                    }
                } else {
                    KeepAliveConnection.Response response = timed(READ, reads, instance,
                            "/api/issues/LOAD-" + issue + "/development", null);
                    if (response != null) {
                        check(READ, response, 200, "LOAD-" + issue + " change");
                    }
                }
            }
        }

        /**
         * One request on the instance's kept-alive connection, with a context token renewed each minute (they live
         * three) as Jira's {@code AP.context.getToken()} hands them out; the app verifies it on every request.
         */
        private KeepAliveConnection.Response timed(String kind, List<Long> latencies, KeepAliveConnection instance,
                                                   String path, String jsonBody) {
            if (authorization == null || System.nanoTime() - authorizationSignedAt > TOKEN_RENEWAL.toNanos()) {
                authorization = "Authorization: JWT " + tenant.contextJwt(accountId);
                authorizationSignedAt = System.nanoTime();
            }
            long start = System.nanoTime();
            try {
                KeepAliveConnection.Response response = jsonBody == null ? instance.get(path, authorization)
                        : instance.postJson(path, jsonBody, authorization);
                ended(latencies, start);
                return response;
            } catch (IOException e) {
                ended(latencies, start);
                fail(kind + " " + e.getClass().getSimpleName());
                return null;
            }
        }

        private void ended(List<Long> latencies, long start) {
            long end = System.nanoTime();
            latencies.add(end - start);
            answered.increment();
            if (latencies == reads) {
                readEnds.add(end);
            }
        }

        private boolean check(String kind, KeepAliveConnection.Response response, int status, String expectedInBody) {
            if (response.status() != status) {
                fail(kind + " " + response.status());
                return false;
            }
            if (!response.body().contains(expectedInBody)) {
                fail(kind + " " + status + " without " + expectedInBody.replaceAll("[0-9]+", "n"));
                return false;
            }
            return true;
        }

        private void fail(String what) {
            failures.computeIfAbsent(what, key -> new LongAdder()).increment();
        }
    }

    private HttpResponse<String> send(AppProcess instance, String method, String path, String authorization,
                                      String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Audit entries of branch creates per branch name, all outcomes. */
    private Map<String, Integer> auditedBranches(PostgresServer postgres, String database) throws Exception {
        Map<String, Integer> entries = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database, postgres.username(), "");
             PreparedStatement query = connection.prepareStatement("""
                     select target, count(*) from audit_entry
                     where tenant_id = ? and action = 'CREATE_BRANCH' and outcome = 'CREATED'
                     group by target
                     union all
                     select '(not CREATED) ' || outcome, count(*) from audit_entry
                     where tenant_id = ? and action = 'CREATE_BRANCH' and outcome <> 'CREATED'
                     group by outcome""")) {
            query.setString(1, clientKey);
            query.setString(2, clientKey);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return entries;
    }

    private static void report(Run warmUp, Run measured, Set<String> attempted, Set<String> created,
                               Map<String, Integer> audited,
                               Map<String, Long> seenByHost, List<AppProcess> instances,
                               List<AppProcess.GcSummary> heaps) throws IOException {
        double seconds = measured.took().toNanos() / 1e9;
        print("%d users, 2 instances (-Xmx512m each) on one PostgreSQL, Jira and GitHub Enterprise answering after "
                + "%d ms; %s; users pause %s between requests", USERS, HOST_LATENCY.toMillis(),
                CREATE_ONE_IN > 0 ? "1 in " + CREATE_ONE_IN + " requests creates a branch" : "no request creates one",
                PAUSE.isZero() ? "never" : PAUSE.toMillis() + " ms on average");
        List<Long> warmUpReads = warmUp.latencies().get(READ);
        print("warm-up: %.1f s, %,d requests, %d errors (not in the figures below); panel read p50 %.1f ms, p99 %.1f ms; "
                + "p99 in each %d s, ms: %s", warmUp.took().toNanos() / 1e9, warmUp.requests(),
                warmUp.errors().values().stream().mapToLong(Long::longValue).sum(),
                warmUpReads.isEmpty() ? Double.NaN : percentile(warmUpReads, 50),
                warmUpReads.isEmpty() ? Double.NaN : percentile(warmUpReads, 99), READ_WINDOW.toSeconds(),
                windows(warmUp.readP99ByWindow()));
        print("measured: %.1f s, %,d requests, %.0f requests/s", seconds, measured.requests(), measured.requests() / seconds);
        for (String kind : List.of(READ, CREATE)) {
            List<Long> latencies = measured.latencies().get(kind);
            if (latencies.isEmpty()) {
                print("%-13s: no requests", kind);
                continue;
            }
            print("%-13s: %,7d requests, %6.1f/s; p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms, max %7.1f ms", kind,
                    latencies.size(), latencies.size() / seconds, percentile(latencies, 50), percentile(latencies, 95),
                    percentile(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
        }
        print("panel read p99 in each %d s of the measured phase, ms: %s", READ_WINDOW.toSeconds(),
                windows(measured.readP99ByWindow()));
        print("in each %d s of the measured phase, requests/s and CPU per request in ms: the instances (their JIT "
                + "threads), PostgreSQL, this JVM: %s", READ_WINDOW.toSeconds(), String.join("; ", measured.cpuByWindow()));
        List<Long> ownPauses = measured.ownPausesNanos();
        List<Long> clear = measured.readsClearOfOwnPauses();
        List<Long> reads = measured.latencies().get(READ);
        print("this JVM's own GC (load generator and stubs) paused %d times in the measured phase, %.0f ms in all, the "
                + "longest %.0f ms; %,d panel reads (%.1f %%) were under way during one; p99 of the others %.1f ms",
                ownPauses.size(), ownPauses.stream().mapToLong(Long::longValue).sum() / 1e6,
                ownPauses.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6, reads.size() - clear.size(),
                reads.isEmpty() ? 0 : 100.0 * (reads.size() - clear.size()) / reads.size(),
                clear.isEmpty() ? Double.NaN : percentile(clear, 99));
        Map<String, Long> errors = new TreeMap<>(warmUp.errors());
        measured.errors().forEach((what, count) -> errors.merge(what, count, Long::sum));
        print("errors by kind and status (warm-up included): %s", errors.isEmpty() ? "none" : errors);
        long auditedOnce = created.stream().filter(name -> audited.getOrDefault(name, 0) == 1).count();
        long seenOnce = created.stream().filter(name -> seenByHost.getOrDefault(name, 0L) == 1).count();
        print("branches: %,d asked for, %,d created (201); of these audited exactly once: %,d, received by the host "
                + "exactly once: %,d; audited more than once: %d, audit keys not asked for (or not CREATED): %s; "
                + "received by the host more than once: %d", attempted.size(), created.size(), auditedOnce, seenOnce,
                audited.values().stream().filter(entries -> entries > 1).count(),
                audited.keySet().stream().filter(name -> !attempted.contains(name)).toList(),
                seenByHost.values().stream().filter(requests -> requests > 1).count());
        for (int i = 0; i < instances.size(); i++) {
            AppProcess.GcSummary heap = heaps.get(i);
            print("instance %s heap: %d GC pauses, peak after GC %d MB, peak before GC %d MB, max committed %d MB, "
                    + "full GC: %s, running at the end: %s (GC log %s)", instances.get(i).baseUrl(), heap.pauses(),
                    heap.peakAfterGcBytes() >> 20, heap.peakBeforeGcBytes() >> 20, heap.maxCommittedBytes() >> 20,
                    heap.fullGc() ? "yes" : "no", instances.get(i).isAlive() ? "yes" : "no", instances.get(i).gcLog());
        }
        double readP99 = reads.isEmpty() ? Double.NaN : percentile(reads, 99);
        print("targets: zero errors %s; p99 of panel reads < 300 ms %s (%.1f ms); every branch audited once %s; "
                + "heap < 512 MB, no OutOfMemoryError %s",
                met(errors.isEmpty()), met(readP99 < 300), readP99,
                met(auditedOnce == created.size() && audited.values().stream().allMatch(entries -> entries == 1)
                        && attempted.containsAll(audited.keySet())),
                met(instances.stream().allMatch(AppProcess::isAlive)));
        print("machine: %d cores available to this JVM, load average %s", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** How many requests under {@code url} WireMock answered, and how long it took from receiving to sending. */
    private static String stubAnswers(String url) {
        String path = URI.create(url).getPath();
        List<Long> nanos = TestHosts.server().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith(path))
                .map(event -> event.getTiming().getTotalTime())
                .filter(Objects::nonNull)
                .map(millis -> millis * 1_000_000L)
                .sorted().toList();
        return nanos.isEmpty() ? "no requests" : String.format(Locale.ROOT, "%,d requests, p50 %.0f ms, p99 %.0f ms",
                nanos.size(), percentile(nanos, 50), percentile(nanos, 99));
    }

    /** MB/s of SHA-256 on one thread, best of three: the same work takes longer when the host's cores are shared. */
    private static double machineSpeed() throws Exception {
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 128; i++) {
                sha.update(block);
            }
            sha.digest();
            double mbPerSecond = 128 / ((System.nanoTime() - start) / 1e9);
            // The first round warms the JIT up.
            best = round == 0 ? 0 : Math.max(best, mbPerSecond);
        }
        return best;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Optional<Duration> jitCpu(AppProcess instance) {
        return instance.cpuTimeOfThreads(name -> name.contains("CompilerThre"));
    }

    private static Optional<Duration> gcCpu(AppProcess instance) {
        return instance.cpuTimeOfThreads(name -> name.startsWith("GC Thread") || name.startsWith("G1 "));
    }

    private static String since(Optional<Duration> before, Optional<Duration> after) {
        return before.isPresent() && after.isPresent()
                ? String.format(Locale.ROOT, "%.1f s", after.get().minus(before.get()).toMillis() / 1000.0) : "n/a";
    }

    private static String windows(long[] p99s) {
        return Arrays.stream(p99s).mapToObj(String::valueOf).collect(Collectors.joining(" "));
    }

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    private static double percentile(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static Duration duration(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue).strip().toUpperCase(Locale.ROOT);
        return Duration.parse(value.startsWith("P") ? value : "PT" + value);
    }

    private static void print(String format, Object... arguments) {
        System.out.println("[load] " + String.format(Locale.ROOT, format, arguments));
    }
}
