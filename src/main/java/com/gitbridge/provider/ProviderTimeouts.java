package com.gitbridge.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Connect and read timeouts every host client uses. */
@ConfigurationProperties("gitbridge.provider")
public record ProviderTimeouts(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("20s") Duration readTimeout) {
}
