package com.gitbridge.indexing;

import java.util.function.Supplier;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Webhooks, discovery and runs touch the same repository row from different threads and app instances. A write that
 * lost the race re-reads the row and applies its change again, so no one's change (such as "run again") is lost.
 */
final class Conflicts {

    private static final int ATTEMPTS = 5;

    private Conflicts() {
    }

    static <T> T retry(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (OptimisticLockingFailureException lost) {
                if (attempt == ATTEMPTS) {
                    throw lost;
                }
            }
        }
    }
}
