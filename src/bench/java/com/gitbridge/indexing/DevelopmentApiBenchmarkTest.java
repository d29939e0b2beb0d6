package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.CpuMeter;
import com.gitbridge.testing.KeepAliveConnection;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.TestHosts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Latency of {@code GET /api/issues/{key}/development} with 1,000,000 indexed commits on PostgreSQL under 50
 * concurrent clients, through the whole app (JWT filter, Jira checks against a local stub, the index query).
 * Prints figures; run with {@code ./mvnw -Pbenchmark verify}.
 */
@Tag("benchmark")
class DevelopmentApiBenchmarkTest extends AppTestBase {

    private static final int COMMITS = 1_000_000;
    private static final int ISSUES = 50_000;
    private static final int REPOSITORIES = 100;
    private static final int CLIENTS = 50;
    private static final int REQUESTS_PER_CLIENT = Integer.getInteger("benchmark.requestsPerClient", 200);
    private static final int WARM_UP_REQUESTS_PER_CLIENT = Integer.getInteger("benchmark.warmUpRequestsPerClient", 1500);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
        registry.add("gitbridge.testing.canary-watch", () -> "false");
    }

    @Autowired
    JdbcTemplate jdbc;

    private final AtomicLong clientCpuNanos = new AtomicLong();

    @Test
    void developmentApiLatencyWithAMillionIndexedCommits() throws Exception {
        String developer = "dev-" + UUID.randomUUID();
        String sitePath = "/jira-" + UUID.randomUUID();
        JiraStub jira = new JiraStub(sitePath).developer(developer, 10000).issuesOf("PERF", 10000);
        TestTenant site = tenant(jira);
        long loadStarted = System.nanoTime();
        load(site.clientKey());
        System.out.printf("%nBENCHMARK development API: loaded %,d commits in %d repositories over %,d issues in %.1f s%n",
                COMMITS, REPOSITORIES, ISSUES, (System.nanoTime() - loadStarted) / 1e9);

        java.util.function.Supplier<String> jwt = () -> site.contextJwt(developer);
        // Warm-up: each key the clients will ask for once, so Jira's answers are cached as in a busy site.
        int hotIssues = 2_000;
        run(jwt, hotIssues / CLIENTS, hotIssues, true);
        // And as a server that has been up a while: the JIT done with the request path.
        run(jwt, WARM_UP_REQUESTS_PER_CLIENT, hotIssues, false);
        // One client alone: what a request costs without 50 clients competing for 2 cores.
        List<Long> alone = new ArrayList<>();
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", port)) {
            String authorization = "Authorization: JWT " + jwt.get();
            for (int i = 1; i <= 500; i++) {
                long start = System.nanoTime();
                assertThat(connection.get("/api/issues/PERF-" + i + "/development", authorization).status()).isEqualTo(200);
                alone.add(System.nanoTime() - start);
            }
        }
        Collections.sort(alone);
        System.out.printf("BENCHMARK development API, one client: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                percentile(alone, 50), percentile(alone, 95), percentile(alone, 99));
        int jiraCallsBefore = TestHosts.server().findAll(WireMock.anyRequestedFor(urlPathMatching(sitePath + "/.*"))).size();

        CpuMeter cpuBefore = CpuMeter.now();
        long allocatedBefore = requestThreadsAllocated();
        clientCpuNanos.set(0);
        long started = System.nanoTime();
        List<Long> latencies = run(jwt, REQUESTS_PER_CLIENT, hotIssues, false);
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter cpu = CpuMeter.now().since(cpuBefore);
        int jiraCalls = TestHosts.server().findAll(WireMock.anyRequestedFor(urlPathMatching(sitePath + "/.*"))).size() - jiraCallsBefore;

        Collections.sort(latencies);
        System.out.printf("BENCHMARK development API: %d clients, %,d requests in %.1f s (%.0f requests/s), %d Jira calls%n",
                CLIENTS, latencies.size(), seconds, latencies.size() / seconds, jiraCalls);
        System.out.printf("BENCHMARK development API latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < 100 ms)%n",
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
        int requests = latencies.size();
        System.out.printf("BENCHMARK development API CPU per request: %.2f ms in this JVM (app, load generator, Jira stub, "
                        + "GC, JIT), %.2f ms in PostgreSQL, %.2f ms on the whole machine (%d cores, %.0f %% busy)%n",
                cpu.jvmNanos() / 1e6 / requests,
                cpu.postgresNanos() / 1e6 / requests, cpu.machineNanos() / 1e6 / requests,
                Runtime.getRuntime().availableProcessors(),
                100.0 * cpu.machineNanos() / (seconds * 1e9 * Runtime.getRuntime().availableProcessors()));
        System.out.printf("BENCHMARK development API CPU per request in this JVM by thread (ms): %s; load generator's "
                + "client threads %.2f; request threads allocated %.0f kB per request%n%n", cpu.jvmThreadsPer(requests),
                clientCpuNanos.get() / 1e6 / requests, (requestThreadsAllocated() - allocatedBefore) / 1024.0 / requests);
        assertThat(latencies).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
    }

    private void load(String tenantId) {
        for (int r = 0; r < REPOSITORIES; r++) {
            jdbc.update("""
                    insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                        default_branch, state, commits_indexed, reindex_requested, version)
                    values (?, ?, ?, ?, 'GITHUB_ENTERPRISE', ?, ?, 'main', 'DONE', 10000, false, 0)""",
                    "bench-repo-" + r, tenantId, "bench-integration", "acme/repo-" + r,
                    "https://ghe.example/acme/repo-" + r, "https://ghe.example/acme/repo-" + r + ".git");
        }
        jdbc.update("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                select 'bench-repo-' || (g % ?), md5(g::text) || substr(md5((g * 7)::text), 1, 8), 'PERF-' || (g % ? + 1), ?,
                       'PERF-' || (g % ? + 1) || ' change number ' || g || E'\\n\\nA longer body describing the change.',
                       'developer-' || (g % 200), now() - (g || ' seconds')::interval
                from generate_series(1, ?) g""", REPOSITORIES, ISSUES, tenantId, ISSUES, COMMITS);
        jdbc.update("""
                insert into indexed_branch (repository_pk, name, issue_key, tenant_id)
                select 'bench-repo-' || (g % ?), 'perf-' || g || '-work', 'PERF-' || g, ? from generate_series(1, ?) g""",
                REPOSITORIES, tenantId, ISSUES);
        jdbc.execute("analyze");
    }

    /**
     * Each client holds one kept-alive connection and, as Jira's {@code AP.context.getToken()} hands out, one context
     * token that it renews after a minute (they live three); the server verifies it on every request all the same.
     */
    private List<Long> run(java.util.function.Supplier<String> jwt, int requestsPerClient, int issues, boolean warmUp)
            throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger nextWarmKey = new AtomicInteger(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                long cpuAtStart = threads.getCurrentThreadCpuTime();
                try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", port)) {
                    String authorization = null;
                    long signedAt = 0;
                    for (int i = 0; i < requestsPerClient; i++) {
                        if (authorization == null || System.nanoTime() - signedAt > 60e9) {
                            authorization = "Authorization: JWT " + jwt.get();
                            signedAt = System.nanoTime();
                        }
                        int issue = warmUp ? nextWarmKey.getAndIncrement() : ThreadLocalRandom.current().nextInt(1, issues + 1);
                        long start = System.nanoTime();
                        KeepAliveConnection.Response response = connection.get("/api/issues/PERF-" + issue + "/development",
                                authorization);
                        latencies.add(System.nanoTime() - start);
                        if (response.status() != 200 || !response.body().contains("PERF-" + issue)) {
                            failures.incrementAndGet();
                        }
                    }
                }
                clientCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuAtStart);
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        clients.shutdown();
        assertThat(failures).as("failed requests").hasValue(0);
        return latencies;
    }

    /** Bytes the request threads allocated: what serving the requests cost in garbage. */
    private static long requestThreadsAllocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && CpuMeter.isRequestThread(thread.getThreadName())) {
                bytes += Math.max(0, threads.getThreadAllocatedBytes(thread.getThreadId()));
            }
        }
        return bytes;
    }

    private static double percentile(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
