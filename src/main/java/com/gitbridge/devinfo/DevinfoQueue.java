package com.gitbridge.devinfo;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Starts the push job of a site in db-scheduler's table, which every instance polls: one job instance per site, so
 * two instances never send the same rows at once. Scheduled for now once the recording transaction commits (with
 * immediate execution on, this instance runs it at once); a job already waiting (a backoff) keeps its time.
 */
@Component
class DevinfoQueue {

    static final TaskDescriptor<Void> PUSH = TaskDescriptor.of("push-development-info");

    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    DevinfoQueue(ObjectProvider<SchedulerClient> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void push(String tenantId) {
        scheduler.ifAvailable(client -> client.scheduleIfNotExists(PUSH.instance(tenantId).build(), clock.instant()));
    }

    /** {@link #push} once the current transaction commits (now, outside one); once per site and transaction. */
    void pushAfterCommit(String tenantId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            push(tenantId);
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> sites = (Set<String>) TransactionSynchronizationManager.getResource(this);
        if (sites == null) {
            Set<String> pending = new LinkedHashSet<>();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(DevinfoQueue.this);
                    if (status == STATUS_COMMITTED) {
                        pending.forEach(DevinfoQueue.this::push);
                    }
                }
            });
            sites = pending;
        }
        sites.add(tenantId);
    }

    void cancel(String tenantId) {
        scheduler.ifAvailable(client -> {
            try {
                client.cancel(PUSH.instance(tenantId).build());
            } catch (RuntimeException notScheduledOrRunning) {
                // nothing to cancel, or it runs and finds the site's rows gone
            }
        });
    }
}
