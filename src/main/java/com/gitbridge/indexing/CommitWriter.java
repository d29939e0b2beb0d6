package com.gitbridge.indexing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stores commit rows on a thread of its own while the walk goes on, so that reading git and writing the database
 * overlap. At most a few batches wait; a failed write fails the next {@link #write} or {@link #finish}.
 */
final class CommitWriter implements AutoCloseable {

    private static final int MAX_PENDING = 4;

    private final IndexStore store;
    private final String repositoryPk;
    private final String tenantId;
    private final boolean announce;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writer = new Thread(runnable, "git-index-writer");
        writer.setDaemon(true);
        return writer;
    });
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    /** @param announce whether the commits stored are told to Jira's development information, batch by batch */
    CommitWriter(IndexStore store, String repositoryPk, String tenantId, boolean announce) {
        this.store = store;
        this.repositoryPk = repositoryPk;
        this.tenantId = tenantId;
        this.announce = announce;
    }

    /** Queues the rows for storing, in a transaction of their own; the list must not change afterwards. */
    void write(List<IndexStore.CommitRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        while (pending.size() >= MAX_PENDING) {
            await(pending.removeFirst());
        }
        pending.addLast(thread.submit(() -> store.insertCommits(repositoryPk, tenantId, rows, announce)));
    }

    /** Waits until every queued row is stored. */
    void finish() {
        while (!pending.isEmpty()) {
            await(pending.removeFirst());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while storing commits");
        }
    }
}
