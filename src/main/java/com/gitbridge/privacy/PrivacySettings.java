package com.gitbridge.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reportInterval how often each site's stored account ids are reported to Atlassian; a longer
 *                       {@code Cycle-Period} from Atlassian wins
 */
@ConfigurationProperties("gitbridge.privacy")
record PrivacySettings(@DefaultValue("1d") Duration reportInterval) {
}
