package com.gitbridge.concurrency;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request threads: a few at a time use the CPU (by default twice as many as there are processors), and the
 * requests beyond wait in a queue, in the order they came. Many requests running at once on a few cores do not finish
 * sooner: they switch and contend, and each costs more CPU. A thread that goes on working takes the next request
 * itself, without waking another.
 * <p>
 * A request that waits for another service, such as Jira, is not using the CPU: {@link #asideWhile} lets one more
 * thread take requests meanwhile, so that a slow Jira does not take the turns. When the wait is over, the request
 * finishes, and the first thread to look for more work after that retires.
 */
public final class CpuTurns implements Executor {

    /** Work that may throw a checked exception of its own. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private static final ThreadLocal<CpuTurns> TAKING_TURNS = new ThreadLocal<>();

    private final int turns;
    private final int maxThreads;
    private final ThreadPoolExecutor threads;
    /** Threads of this pool waiting for another service now; guarded by {@code this}. */
    private int aside;

    /**
     * @param turns threads taking requests at once
     * @param maxThreads threads at most, those waiting aside included
     */
    public CpuTurns(int turns, int maxThreads, String threadNamePrefix) {
        if (turns < 1 || maxThreads < turns) {
            throw new IllegalArgumentException("At least one turn, and no more turns than threads");
        }
        this.turns = turns;
        this.maxThreads = maxThreads;
        AtomicInteger number = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(turns, turns, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, threadNamePrefix + number.incrementAndGet());
                    // As Tomcat's own: they never keep the JVM from exiting; the app stops them in order.
                    thread.setDaemon(true);
                    return thread;
                });
        this.threads.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(() -> {
            TAKING_TURNS.set(this);
            try {
                task.run();
            } finally {
                TAKING_TURNS.remove();
            }
        });
    }

    /**
     * Runs {@code waiting}, a call that waits for another service. On one of these threads, another thread takes
     * requests meanwhile; elsewhere it just runs.
     */
    public static <T, E extends Exception> T asideWhile(Work<T, E> waiting) throws E {
        CpuTurns pool = TAKING_TURNS.get();
        if (pool == null) {
            return waiting.run();
        }
        pool.resize(+1);
        try {
            return waiting.run();
        } finally {
            pool.resize(-1);
        }
    }

    /** Stops taking requests; those queued and under way finish. */
    public void shutdown() {
        threads.shutdown();
    }

    private synchronized void resize(int change) {
        aside += change;
        int size = Math.min(turns + aside, maxThreads);
        // The core size starts a thread for queued requests; past the maximum size, a thread looking for work retires.
        if (size > threads.getMaximumPoolSize()) {
            threads.setMaximumPoolSize(size);
            threads.setCorePoolSize(size);
        } else if (size < threads.getMaximumPoolSize()) {
            threads.setCorePoolSize(size);
            threads.setMaximumPoolSize(size);
        }
    }

    /** Threads alive now; for tests and diagnostics. */
    int threadCount() {
        return threads.getPoolSize();
    }

    /** Requests waiting for a thread now; for tests and diagnostics. */
    int queued() {
        return threads.getQueue().size();
    }
}
