package com.gitbridge.privacy;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The db-scheduler job that reports the sites whose personal data report is due. */
@Configuration
class PrivacyJobs {

    /** How often due sites are looked for; each site's own next report time decides whether it is reported. */
    static final Duration LOOK_FOR_DUE_SITES_EVERY = Duration.ofHours(1);

    @Bean
    RecurringTask<Void> reportPersonalData(PersonalDataReporting reporting, PrivacySettings settings) {
        Duration every = settings.reportInterval().compareTo(LOOK_FOR_DUE_SITES_EVERY) < 0
                ? settings.reportInterval() : LOOK_FOR_DUE_SITES_EVERY;
        return Tasks.recurring("report-personal-data", FixedDelay.of(every))
                .execute((instance, context) -> reporting.reportDueSites());
    }
}
