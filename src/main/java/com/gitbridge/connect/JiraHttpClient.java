package com.gitbridge.connect;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of every call to Jira as the app: kept-alive connections, enough per site for the request threads
 * that may wait on Jira at once, bounded waits. No cookies (one site's session must not ride on another's call), no
 * redirects, no retries (the callers decide).
 */
@Component
class JiraHttpClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /** As many as Tomcat's request threads ({@code server.tomcat.threads.max}), so none waits for a connection. */
    static final int CONNECTIONS_PER_SITE = 64;
    static final int CONNECTIONS_IN_ALL = 512;

    private final CloseableHttpClient http;
    private final HttpComponentsClientHttpRequestFactory requestFactory;

    JiraHttpClient() {
        Timeout connectTimeout = Timeout.ofMilliseconds(CONNECT_TIMEOUT.toMillis());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connectTimeout)
                                .setSocketTimeout(Timeout.ofMilliseconds(READ_TIMEOUT.toMillis()))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                        .setMaxConnPerRoute(CONNECTIONS_PER_SITE)
                        .setMaxConnTotal(CONNECTIONS_IN_ALL)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connectTimeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.requestFactory = new HttpComponentsClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(READ_TIMEOUT);
    }

    ClientHttpRequestFactory requestFactory() {
        return requestFactory;
    }

    @PreDestroy
    void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
