package com.gitbridge.indexing;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param pollInterval how often every integration is re-listed and its repositories re-indexed (webhooks make it
 *                     sooner)
 * @param mirrors      where the bare git mirrors live
 * @param mirrorQuota  the most room one repository's mirror may take on disk
 * @param runsPerSite  how many indexing jobs (discovery and repository runs) of one site may run at once, on all
 *                     instances together; fewer than db-scheduler's threads, so one site cannot take them all
 */
@ConfigurationProperties("gitbridge.indexing")
record IndexingSettings(@DefaultValue("5m") Duration pollInterval, @DefaultValue("./data/mirrors") Path mirrors,
                        @DefaultValue("2GB") DataSize mirrorQuota, @DefaultValue("2") int runsPerSite) {

    static final DataSize DEFAULT_MIRROR_QUOTA = DataSize.ofGigabytes(2);
}
