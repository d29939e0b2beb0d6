package com.gitbridge.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param allowPrivateAddresses let admin-given URLs use http and reach private addresses (tests, on-premises hosts) */
@ConfigurationProperties("gitbridge.outbound")
record OutboundSettings(@DefaultValue("false") boolean allowPrivateAddresses) {
}
