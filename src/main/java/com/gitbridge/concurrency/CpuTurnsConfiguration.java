package com.gitbridge.concurrency;

import jakarta.annotation.PreDestroy;
import org.apache.coyote.ProtocolHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's request threads are {@link CpuTurns}: Tomcat's own pool would rather start a thread than let a request
 * wait, up to {@code server.tomcat.threads.max}, so that under load every request runs at once.
 */
@Configuration
class CpuTurnsConfiguration {

    private final CpuTurns requestThreads;

    /**
     * @param turns {@code gitbridge.cpu-turns}: 0, the default, is twice the processors the JVM may use
     * @param maxThreads {@code server.tomcat.threads.max}: threads at most, those waiting for Jira included
     */
    CpuTurnsConfiguration(@Value("${gitbridge.cpu-turns:0}") int turns,
                          @Value("${server.tomcat.threads.max:64}") int maxThreads) {
        int count = turns > 0 ? turns : 2 * Runtime.getRuntime().availableProcessors();
        this.requestThreads = new CpuTurns(count, Math.max(count, maxThreads), "request-");
    }

    @Bean
    TomcatProtocolHandlerCustomizer<ProtocolHandler> requestsInCpuTurns() {
        return handler -> handler.setExecutor(requestThreads);
    }

    /** After Tomcat has stopped: it leaves an executor it was given to its owner. */
    @PreDestroy
    void stop() {
        requestThreads.shutdown();
    }
}
