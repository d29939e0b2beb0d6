package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.gitbridge.testing.AppTestBase;
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

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void developmentApiLatencyWithAMillionIndexedCommits() throws Exception {
        String developer = "dev-" + UUID.randomUUID();
        String sitePath = "/jira-" + UUID.randomUUID();
        JiraStub jira = new JiraStub(sitePath).developer(developer, 10000);
        TestHosts.server().stubFor(get(urlPathMatching(sitePath + "/rest/api/3/issue/PERF-[0-9]+"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withTransformers("response-template")
                        .withBody("{\"key\":\"{{request.pathSegments.[5]}}\",\"fields\":{\"summary\":\"s\",\"project\":{\"id\":\"10000\",\"key\":\"PERF\"}}}")));
        TestTenant site = tenant(jira);
        long loadStarted = System.nanoTime();
        load(site.clientKey());
        System.out.printf("%nBENCHMARK development API: loaded %,d commits in %d repositories over %,d issues in %.1f s%n",
                COMMITS, REPOSITORIES, ISSUES, (System.nanoTime() - loadStarted) / 1e9);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(CLIENTS)).build();
        java.util.function.Supplier<String> jwt = () -> site.contextJwt(developer);
        // Warm-up: each key the clients will ask for once, so Jira's answers are cached as in a busy site.
        int hotIssues = 2_000;
        run(client, jwt, hotIssues / CLIENTS, hotIssues, true);
        // One client alone: what a request costs without 50 clients competing for 2 cores.
        List<Long> alone = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/issues/PERF-" + i + "/development"))
                    .header("Authorization", "JWT " + jwt.get()).GET().build();
            long start = System.nanoTime();
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            alone.add(System.nanoTime() - start);
        }
        Collections.sort(alone);
        System.out.printf("BENCHMARK development API, one client: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                percentile(alone, 50), percentile(alone, 95), percentile(alone, 99));
        int jiraCallsBefore = TestHosts.server().findAll(WireMock.anyRequestedFor(urlPathMatching(sitePath + "/.*"))).size();

        long started = System.nanoTime();
        List<Long> latencies = run(client, jwt, REQUESTS_PER_CLIENT, hotIssues, false);
        double seconds = (System.nanoTime() - started) / 1e9;
        int jiraCalls = TestHosts.server().findAll(WireMock.anyRequestedFor(urlPathMatching(sitePath + "/.*"))).size() - jiraCallsBefore;

        Collections.sort(latencies);
        System.out.printf("BENCHMARK development API: %d clients, %,d requests in %.1f s (%.0f requests/s), %d Jira calls%n",
                CLIENTS, latencies.size(), seconds, latencies.size() / seconds, jiraCalls);
        System.out.printf("BENCHMARK development API latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < 100 ms)%n%n",
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
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

    private List<Long> run(HttpClient client, java.util.function.Supplier<String> jwt, int requestsPerClient, int issues,
                           boolean warmUp) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger nextWarmKey = new AtomicInteger(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                for (int i = 0; i < requestsPerClient; i++) {
                    int issue = warmUp ? nextWarmKey.getAndIncrement() : ThreadLocalRandom.current().nextInt(1, issues + 1);
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/issues/PERF-" + issue + "/development"))
                            .header("Authorization", "JWT " + jwt.get()).GET().build();
                    long start = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() != 200 || !response.body().contains("PERF-" + issue)) {
                        failures.incrementAndGet();
                    }
                }
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

    private static double percentile(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
