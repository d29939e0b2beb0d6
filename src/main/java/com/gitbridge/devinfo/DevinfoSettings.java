package com.gitbridge.devinfo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled       whether indexed data is pushed to Jira's development information at all
 * @param sweepInterval how often sites with waiting changes are looked for, besides the push each change starts
 * @param runBudget     how long one push job sends before it gives its scheduler thread to other jobs and goes on later
 * @param firstBackoff  the wait after Jira first fails to answer; it doubles with each failure in a row, up to 10 min
 */
@ConfigurationProperties("gitbridge.jira.development-info")
record DevinfoSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration sweepInterval,
                       @DefaultValue("60s") Duration runBudget, @DefaultValue("5s") Duration firstBackoff) {
}
