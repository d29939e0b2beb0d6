package com.gitbridge.connect;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param sweepInterval how often sites uninstalled without their cleanup are looked for */
@ConfigurationProperties("gitbridge.cleanup")
record CleanupSettings(@DefaultValue("1d") Duration sweepInterval) {
}
