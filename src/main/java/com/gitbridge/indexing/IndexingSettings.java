package com.gitbridge.indexing;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often every integration is re-listed and its repositories re-indexed (webhooks make it
 *                     sooner)
 * @param mirrors      where the bare git mirrors live
 */
@ConfigurationProperties("gitbridge.indexing")
record IndexingSettings(@DefaultValue("5m") Duration pollInterval, @DefaultValue("./data/mirrors") Path mirrors) {
}
