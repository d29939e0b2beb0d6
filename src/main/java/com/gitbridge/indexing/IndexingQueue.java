package com.gitbridge.indexing;

import java.time.Clock;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts indexing work into db-scheduler's table, which every app instance on the database polls: one job instance
 * per repository (and per integration for discovery), so two instances never index the same repository at once.
 */
@Component
class IndexingQueue {

    static final TaskDescriptor<Void> INDEX_REPOSITORY = TaskDescriptor.of("index-repository");
    static final TaskDescriptor<Void> DISCOVER_REPOSITORIES = TaskDescriptor.of("discover-repositories");

    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    IndexingQueue(ObjectProvider<SchedulerClient> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Lists the integration's repositories now, then indexes each. */
    void discover(String integrationId) {
        scheduler.ifAvailable(client -> client.scheduleIfNotExists(DISCOVER_REPOSITORIES.instance(integrationId).build(), clock.instant()));
    }

    /**
     * Indexes the repository at {@code notBefore} or now, whichever is later. Returns {@code false} when a run is
     * already under way: the caller then asks that run to go again when it ends.
     */
    boolean index(String repositoryPk, Instant notBefore) {
        SchedulerClient client = scheduler.getIfAvailable();
        if (client == null) {
            return true;
        }
        Instant when = notBefore != null && notBefore.isAfter(clock.instant()) ? notBefore : clock.instant();
        if (client.scheduleIfNotExists(INDEX_REPOSITORY.instance(repositoryPk).build(), when)) {
            return true;
        }
        try {
            return client.reschedule(INDEX_REPOSITORY.instance(repositoryPk).build(), when);
        } catch (RuntimeException alreadyRunning) {
            return false;
        }
    }

    /** Runs a job that waits now, unless it is running already or gone. */
    void wake(TaskInstanceId job) {
        scheduler.ifAvailable(client -> {
            try {
                client.reschedule(job, clock.instant());
            } catch (RuntimeException runningOrGone) {
                // it runs already, or has been removed: nothing to wake
            }
        });
    }

    void cancel(String repositoryPk) {
        scheduler.ifAvailable(client -> {
            try {
                client.cancel(INDEX_REPOSITORY.instance(repositoryPk).build());
            } catch (RuntimeException notScheduledOrRunning) {
                // nothing to cancel, or it is running and will find its repository gone
            }
        });
    }
}
