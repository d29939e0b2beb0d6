package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The site limit on PostgreSQL, as several instances meet it: many jobs of one site asking for a place at the same
 * moment, each on its own connection, get no more places than the site has.
 */
class SiteJobsOnPostgresTest {

    private static final String SITE = "site-a";
    private static final int JOBS = 12;

    private JdbcTemplate jdbc;
    private SiteJobs siteJobs;

    @BeforeEach
    void setUp() {
        DataSource dataSource = TestDatabases.postgres();
        jdbc = new JdbcTemplate(dataSource);
        StaticListableBeanFactory noScheduler = new StaticListableBeanFactory();
        IndexingQueue queue = new IndexingQueue(noScheduler.getBeanProvider(SchedulerClient.class), Clock.systemUTC());
        siteJobs = new SiteJobs(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), queue,
                Clock.systemUTC(), new IndexingSettings(Duration.ofMinutes(5), Path.of("unused"),
                DataSize.ofGigabytes(2), 2));
        for (int i = 0; i < JOBS; i++) {
            picked(job(i));
        }
    }

    @Test
    void jobsOfOneSiteAskingAtOnceGetOnlyTheSitesPlaces() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(JOBS);
        try {
            List<Future<Boolean>> entered = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                TaskInstanceId job = job(i);
                Callable<Boolean> enter = () -> {
                    start.await();
                    return siteJobs.enter(job, SITE);
                };
                entered.add(threads.submit(enter));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> result : entered) {
                admitted += result.get() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(2);
            assertThat(jdbc.queryForObject("select count(*) from indexing_site_job where state = 'WAITING'",
                    Integer.class)).isEqualTo(JOBS - 2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPlaceGivenUpGoesToTheNextJobAndOtherSitesAreNotHeldBack() {
        assertThat(siteJobs.enter(job(0), SITE)).isTrue();
        assertThat(siteJobs.enter(job(1), SITE)).isTrue();
        assertThat(siteJobs.enter(job(2), SITE)).isFalse();
        assertThat(siteJobs.enter(job(3), "site-b")).as("another site").isTrue();

        siteJobs.leave(job(0), SITE);

        assertThat(siteJobs.enter(job(2), SITE)).isTrue();
        assertThat(siteJobs.enter(job(0), SITE)).isFalse();
    }

    @Test
    void aPlaceWhoseJobIsNoLongerPickedHoldsNothing() {
        assertThat(siteJobs.enter(job(0), SITE)).isTrue();
        assertThat(siteJobs.enter(job(1), SITE)).isTrue();
        // The instance running job 0 died before it gave up its place, and db-scheduler has revived the job.
        jdbc.update("update scheduled_tasks set picked = false where task_instance = ?", job(0).getId());

        assertThat(siteJobs.enter(job(2), SITE)).isTrue();
    }

    private static TaskInstanceId job(int i) {
        return IndexingQueue.INDEX_REPOSITORY.instanceId("repository-" + i);
    }

    private void picked(TaskInstanceId job) {
        jdbc.update("insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, version) "
                + "values (?, ?, now(), true, 'instance-a', 1)", job.getTaskName(), job.getId());
    }
}
