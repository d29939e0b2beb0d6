package com.gitbridge.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowPrivateAddresses let host URLs use http and reach loopback, private and link-local addresses (tests,
 *                              on-premises hosts)
 */
@ConfigurationProperties("gitbridge.outbound")
public record OutboundSettings(@DefaultValue("false") boolean allowPrivateAddresses) {
}
