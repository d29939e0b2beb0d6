package com.gitbridge.indexing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shares the indexing threads fairly between sites: at most {@code gitbridge.indexing.runs-per-site} jobs of one
 * site (discovery and repository runs together) run at once, on every instance together, so a site whose host is
 * slow or hostile holds at most that many of db-scheduler's threads and the other sites keep the rest.
 * <p>
 * A job that finds its site's places taken waits: it is rescheduled for {@link #WAIT} later, and each job of the
 * site that gives up its place wakes the one that has waited longest, so the site's jobs go on one after the other
 * without polling. The places are counted in the database, each site's row locked while a job takes or gives up
 * one; a place counts only while db-scheduler has its job picked.
 */
@Component
class SiteJobs {

    /** How long a job that found no place waits unless a job of its site wakes it sooner. */
    static final Duration WAIT = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(SiteJobs.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final IndexingQueue queue;
    private final Clock clock;
    private final int runsPerSite;

    SiteJobs(JdbcTemplate jdbc, TransactionTemplate transaction, IndexingQueue queue, Clock clock,
             IndexingSettings settings) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.queue = queue;
        this.clock = clock;
        this.runsPerSite = settings.runsPerSite();
    }

    /**
     * Takes one of the site's places for {@code job}; {@code false} if they are all taken, and the job is then
     * noted as waiting for one. A job that takes a place must {@link #leave} it.
     */
    boolean enter(TaskInstanceId job, String tenantId) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            lockSite(tenantId);
            Integer running = jdbc.queryForObject("""
                    select count(*) from indexing_site_job j
                    where j.tenant_id = ? and j.state = 'RUNNING' and not (j.task_name = ? and j.task_instance = ?)
                      and exists (select 1 from scheduled_tasks t where t.task_name = j.task_name
                                  and t.task_instance = j.task_instance and t.picked = true)""",
                    Integer.class, tenantId, job.getTaskName(), job.getId());
            if (running != null && running >= runsPerSite) {
                int waiting = jdbc.update("update indexing_site_job set tenant_id = ? where task_name = ? "
                        + "and task_instance = ? and state = 'WAITING'", tenantId, job.getTaskName(), job.getId());
                if (waiting == 0) {
                    note(job, tenantId, "WAITING");
                }
                return false;
            }
            note(job, tenantId, "RUNNING");
            return true;
        }));
    }

    /** Gives up the job's place and wakes the site's job that has waited longest for one. */
    void leave(TaskInstanceId job, String tenantId) {
        try {
            List<TaskInstanceId> next = transaction.execute(status -> {
                lockSite(tenantId);
                jdbc.update("delete from indexing_site_job where task_name = ? and task_instance = ?",
                        job.getTaskName(), job.getId());
                // A waiting job whose db-scheduler execution is gone (done, cancelled) waits for nothing.
                jdbc.update("""
                        delete from indexing_site_job j where j.tenant_id = ? and j.state = 'WAITING'
                          and not exists (select 1 from scheduled_tasks t where t.task_name = j.task_name
                                          and t.task_instance = j.task_instance)""", tenantId);
                return jdbc.query("""
                        select j.task_name, j.task_instance from indexing_site_job j
                        join scheduled_tasks t on t.task_name = j.task_name and t.task_instance = j.task_instance
                        where j.tenant_id = ? and j.state = 'WAITING' and t.picked = false
                        order by j.since, j.task_instance limit 1""",
                        (row, i) -> TaskInstanceId.of(row.getString(1), row.getString(2)), tenantId);
            });
            if (next != null) {
                next.forEach(queue::wake);
            }
        } catch (RuntimeException e) {
            // The place is counted only while the job is picked, so a row left here frees it all the same.
            log.warn("Could not give up the indexing place of {} of site {}", job.getId(), tenantId, e);
        }
    }

    private void lockSite(String tenantId) {
        jdbc.update("insert into indexing_site (tenant_id) values (?) on conflict do nothing", tenantId);
        jdbc.queryForList("select tenant_id from indexing_site where tenant_id = ? for update", String.class, tenantId);
    }

    private void note(TaskInstanceId job, String tenantId, String state) {
        jdbc.update("delete from indexing_site_job where task_name = ? and task_instance = ?",
                job.getTaskName(), job.getId());
        jdbc.update("insert into indexing_site_job (task_name, task_instance, tenant_id, state, since) "
                + "values (?, ?, ?, ?, ?)", job.getTaskName(), job.getId(), tenantId, state,
                Timestamp.from(clock.instant()));
    }
}
