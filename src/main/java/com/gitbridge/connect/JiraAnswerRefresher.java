package com.gitbridge.connect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * The threads that ask Jira again, in the background, for the cached answers requests keep using (see
 * {@link ExpiringCache}). Few, with a bounded queue: when Jira is slow the refreshes that do not fit are dropped, and
 * their answers expire and are asked for by a request as without refreshing. Not an {@link Executor} bean, which would
 * displace Spring Boot's own task executor.
 */
@Component
class JiraAnswerRefresher {

    /** They wait on Jira, not on the CPU: enough to renew the answers a busy site keeps using before they expire. */
    private static final int THREADS = 8;
    private static final int QUEUE = 1_000;

    private final ThreadPoolExecutor threads;

    JiraAnswerRefresher() {
        AtomicInteger number = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "jira-refresh-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.threads.allowCoreThreadTimeOut(true);
    }

    Executor executor() {
        return threads;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
