package com.gitbridge.devinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.gitbridge.devinfo.DevinfoSender.Outcome;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.jira.JiraDevelopmentInfo;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DevinfoStub;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backfill of 1,000,000 keyed commits in 10 repositories on PostgreSQL to a local Jira stub that checks every
 * request (JWT, limits, fields) but keeps only counts: entities per second, requests, entities per request and the
 * heap's peak. Prints figures; run with {@code ./mvnw -Pbenchmark verify -Dtest=DevinfoBackfillBenchmarkTest}
 * ({@code -Dbenchmark.commits=100000} for a short run).
 */
@Tag("benchmark")
class DevinfoBackfillBenchmarkTest extends AppTestBase {

    private static final int COMMITS = Integer.getInteger("benchmark.commits", 1_000_000);
    private static final int REPOSITORIES = 10;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
        registry.add("gitbridge.testing.canary-watch", () -> "false");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DevinfoOutboxStore outbox;
    @Autowired
    DevinfoStateStore state;
    @Autowired
    DevinfoEntities entities;
    @Autowired
    UpdateSequence sequence;
    @Autowired
    JiraDevelopmentInfo jiraClient;
    @Autowired
    InstalledSites sites;

    @Test
    void backfillOfAMillionCommits() {
        String sitePath = "/jira-" + UUID.randomUUID();
        DevinfoStub jira = new DevinfoStub(sitePath).countOnly();
        TestTenant site = tenant(new JiraStub(sitePath));
        jira.sharedSecret(site.sharedSecret());
        String integration = UUID.randomUUID().toString();
        IndexedRows indexed = new IndexedRows(jdbc);
        long loadStarted = System.nanoTime();
        int perRepository = COMMITS / REPOSITORIES;
        List<String> repositories = new java.util.ArrayList<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            String repository = indexed.repository(site.clientKey(), integration, "acme/repo-" + r);
            repositories.add(repository);
            jdbc.update("""
                    insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at,
                        author_email, authored_at, file_count, parent_count)
                    select ?, lpad(to_hex(n), 40, '0'), 'PERF-' || (n % 50000 + 1), ?,
                        'PERF-' || (n % 50000 + 1) || ' change number ' || n, 'Dana Developer', now(),
                        'dana@example.com', now(), 3, 1
                    from generate_series(1, ?) as n""", repository, site.clientKey(), perRepository);
        }
        System.out.printf("%nBENCHMARK devinfo backfill: loaded %,d commits in %d repositories in %.1f s%n",
                perRepository * REPOSITORIES, REPOSITORIES, (System.nanoTime() - loadStarted) / 1e9);
        repositories.forEach(repository -> outbox.repositoryIndexed(site.clientKey(), repository));
        DevinfoSender sender = new DevinfoSender(outbox, state, entities, sequence, jiraClient, sites,
                new DevinfoSettings(true, Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofSeconds(5)),
                Clock.systemUTC());
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        long started = System.nanoTime();
        Outcome outcome = sender.push(site.clientKey());
        double seconds = (System.nanoTime() - started) / 1e9;

        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        int requests = jira.pushes().size();
        System.out.printf("BENCHMARK devinfo backfill: %,d entities in %.1f s = %,.0f entities/s; %,d requests, "
                        + "%.1f entities/request; heap peak %,d MB (sum of pool peaks, Jira stub in the same JVM)%n",
                jira.acceptedCount(), seconds, jira.acceptedCount() / seconds, requests,
                (double) jira.acceptedCount() / requests, peak / (1024 * 1024));
        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        assertThat(jira.violations()).isEmpty();
        assertThat(jira.acceptedCount()).isEqualTo((long) perRepository * REPOSITORIES);
        assertThat(jira.pushes()).allSatisfy(push -> assertThat(push.operationType()).isEqualTo("BACKFILL"));
    }
}
