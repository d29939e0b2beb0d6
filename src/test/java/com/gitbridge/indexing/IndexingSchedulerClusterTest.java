package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.gitbridge.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Two app instances share one PostgreSQL: each runs its own db-scheduler on the app's jobs table. A repository's
 * index job is picked by one of them at a time, however often it is asked for.
 */
class IndexingSchedulerClusterTest {

    private static final int REPOSITORIES = 24;

    @Test
    void twoInstancesNeverIndexTheSameRepositoryAtOnce() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.createDatabase("cluster_" + UUID.randomUUID().toString().replace("-", "")), postgres.username(), "");
        Flyway.configure().dataSource(dataSource).load().migrate();

        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<String> instancesThatRan = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger secondRunsAccepted = new AtomicInteger();
        CountDownLatch bothInstancesBusy = new CountDownLatch(6);
        CountDownLatch finished = new CountDownLatch(REPOSITORIES);
        IndexingQueue[] queue = new IndexingQueue[1];

        CustomTask<Void> task = Tasks.custom(IndexingQueue.INDEX_REPOSITORY).execute((instance, context) -> {
            String repository = instance.getId();
            if (running.computeIfAbsent(repository, id -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            runs.computeIfAbsent(repository, id -> new AtomicInteger()).incrementAndGet();
            instancesThatRan.add(context.getExecution().pickedBy);
            // A webhook for the same repository arrives while it is being indexed: no second run may start.
            if (queue[0].index(repository, null)) {
                secondRunsAccepted.incrementAndGet();
            }
            bothInstancesBusy.countDown();
            try {
                // Hold the first jobs until several run at once on both instances, so overlaps would show.
                bothInstancesBusy.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.get(repository).decrementAndGet();
            finished.countDown();
            return new CompletionHandler.OnCompleteRemove<>();
        });

        Scheduler first = Scheduler.create(dataSource, task).threads(3).pollingInterval(Duration.ofMillis(100))
                .schedulerName(new SchedulerName.Fixed("instance-a")).build();
        Scheduler second = Scheduler.create(dataSource, task).threads(3).pollingInterval(Duration.ofMillis(100))
                .schedulerName(new SchedulerName.Fixed("instance-b")).build();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("client", (SchedulerClient) first);
        queue[0] = new IndexingQueue(beans.getBeanProvider(SchedulerClient.class), Clock.systemUTC());
        try {
            for (int i = 0; i < REPOSITORIES; i++) {
                String repository = "repository-" + i;
                assertThat(queue[0].index(repository, null)).isTrue();
                assertThat(queue[0].index(repository, null)).as("asking twice before it runs").isTrue();
            }
            first.start();
            second.start();

            assertThat(finished.await(60, TimeUnit.SECONDS)).as("every repository indexed").isTrue();
        } finally {
            first.stop();
            second.stop();
        }

        assertThat(overlaps).hasValue(0);
        assertThat(secondRunsAccepted).hasValue(0);
        assertThat(runs).hasSize(REPOSITORIES);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(instancesThatRan).containsExactlyInAnyOrder("instance-a", "instance-b");
    }
}
