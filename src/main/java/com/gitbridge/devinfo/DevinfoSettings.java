package com.gitbridge.devinfo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled       whether indexed data is pushed to Jira's development information at all
 * @param sweepInterval how often sites with waiting changes are looked for, besides the push each change starts
 * @param runBudget     how long one push job sends before it gives its scheduler thread to other jobs and goes on later
 */
@ConfigurationProperties("gitbridge.jira.development-info")
record DevinfoSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration sweepInterval,
                       @DefaultValue("60s") Duration runBudget) {
}
