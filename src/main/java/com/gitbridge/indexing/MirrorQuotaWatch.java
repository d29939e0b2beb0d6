package com.gitbridge.indexing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Cancels a fetch once the mirror's directory, the pack coming in included, holds more than the quota. JGit asks
 * {@link #isCancelled()} after every object it receives; the directory is measured at most every
 * {@value #CHECK_EVERY_MILLIS} ms of those.
 */
final class MirrorQuotaWatch implements ProgressMonitor {

    private static final long CHECK_EVERY_MILLIS = 200;

    private final Path directory;
    private final long quotaBytes;
    private long nextCheck = System.nanoTime();
    private boolean exceeded;

    MirrorQuotaWatch(Path directory, long quotaBytes) {
        this.directory = directory;
        this.quotaBytes = quotaBytes;
    }

    /** Whether the mirror has been found over its quota; measures it now if {@code measure}. */
    boolean exceeded(boolean measure) {
        if (measure) {
            exceeded = exceeded || size(directory) > quotaBytes;
        }
        return exceeded;
    }

    @Override
    public boolean isCancelled() {
        long now = System.nanoTime();
        boolean measure = now - nextCheck >= 0;
        if (measure) {
            nextCheck = now + TimeUnit.MILLISECONDS.toNanos(CHECK_EVERY_MILLIS);
        }
        return exceeded(measure);
    }

    /** The bytes of every file under {@code directory}; files that go while it is measured count as nothing. */
    static long size(Path directory) {
        long[] total = {0};
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not measure the git mirror in " + directory, e);
        }
        return total[0];
    }

    @Override
    public void start(int totalTasks) {
    }

    @Override
    public void beginTask(String title, int totalWork) {
    }

    @Override
    public void update(int completed) {
    }

    @Override
    public void endTask() {
    }

    @Override
    public void showDuration(boolean enabled) {
    }
}
