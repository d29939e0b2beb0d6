package com.gitbridge.devinfo;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.gitbridge.jira.InstalledSites;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler jobs of the push: one per site with waiting changes ({@link DevinfoQueue#PUSH}), and a sweep that
 * starts it for every installed site whose rows wait without one (a start lost with its instance, a change recorded
 * as a run ended).
 */
@Configuration
class DevinfoJobs {

    /** A run that failed without an answer from Jira (the database down) tries again after this. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    @Bean
    CustomTask<Void> pushDevelopmentInfo(DevinfoSender sender) {
        return Tasks.custom(DevinfoQueue.PUSH)
                .onDeadExecutionRevive()
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER_FAILURE))
                .execute((instance, context) -> {
                    DevinfoSender.Outcome outcome = sender.push(instance.getId());
                    return (complete, operations) -> {
                        if (outcome instanceof DevinfoSender.Outcome.WaitUntil wait) {
                            operations.reschedule(complete, wait.until());
                        } else if (outcome instanceof DevinfoSender.Outcome.RunAgain) {
                            operations.reschedule(complete, complete.getTimeDone());
                        } else {
                            operations.remove();
                        }
                    };
                });
    }

    @Bean
    RecurringTask<Void> sweepDevelopmentInfo(DevinfoOutboxStore outbox, DevinfoQueue queue, InstalledSites sites,
                                             DevinfoSettings settings) {
        return Tasks.recurring("sweep-development-info", FixedDelay.of(settings.sweepInterval()))
                .execute((instance, context) -> {
                    if (!settings.enabled()) {
                        return;
                    }
                    for (String site : outbox.sitesWithPendingRows()) {
                        if (sites.isInstalled(site)) {
                            queue.push(site);
                        }
                    }
                });
    }
}
