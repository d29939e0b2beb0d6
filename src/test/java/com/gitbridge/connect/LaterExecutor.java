package com.gitbridge.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Runs what it is given when the test says, as a background thread would, later. */
final class LaterExecutor implements Executor {

    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
        queued.add(task);
    }

    /** Runs what was queued until now, on the calling thread. */
    void runAll() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(queued);
            queued.clear();
        }
        now.forEach(Runnable::run);
    }
}
