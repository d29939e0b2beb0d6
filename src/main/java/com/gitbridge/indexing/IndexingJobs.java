package com.gitbridge.indexing;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The db-scheduler jobs: the periodic poll, discovery per integration, indexing per repository. */
@Configuration
class IndexingJobs {

    @Bean
    RecurringTask<Void> pollIntegrations(RepositoryDiscovery discovery, IndexingSettings settings) {
        return Tasks.recurring("poll-integrations", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> discovery.pollAll());
    }

    @Bean
    CustomTask<Void> discoverRepositories(RepositoryDiscovery discovery) {
        return Tasks.custom(IndexingQueue.DISCOVER_REPOSITORIES)
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    if (discovery.discover(instance.getId())) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) ->
                            operations.reschedule(complete, complete.getTimeDone().plus(SiteJobs.WAIT));
                });
    }

    @Bean
    CustomTask<Void> indexRepository(RepositoryIndexing indexing) {
        return Tasks.custom(IndexingQueue.INDEX_REPOSITORY)
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    RepositoryIndexing.Outcome outcome = indexing.run(instance.getId());
                    return (complete, operations) -> {
                        if (outcome instanceof RepositoryIndexing.Outcome.WaitUntil wait) {
                            operations.reschedule(complete, wait.until());
                        } else if (outcome instanceof RepositoryIndexing.Outcome.RunAgain) {
                            operations.reschedule(complete, complete.getTimeDone());
                        } else {
                            operations.remove();
                        }
                    };
                });
    }
}
