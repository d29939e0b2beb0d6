package com.gitbridge.connect;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The db-scheduler job that sweeps away the data of sites uninstalled without their cleanup. */
@Configuration
class CleanupJobs {

    @Bean
    RecurringTask<Void> sweepUninstalledSites(UninstalledSiteSweep sweep, CleanupSettings settings) {
        return Tasks.recurring("sweep-uninstalled-sites", FixedDelay.of(settings.sweepInterval()))
                .execute((instance, context) -> sweep.sweep());
    }
}
