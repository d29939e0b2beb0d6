package com.gitbridge.testing.canary;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a canary secret was seen leaving the app. The outlets report here; {@link CanaryCheck} fails the test
 * during which a report arrived. Reports name the outlet and place, never the text that held the secret.
 */
public final class CanaryWatch {

    private static final List<String> leaks = new ArrayList<>();

    private CanaryWatch() {
    }

    static synchronized void report(String outlet, String where) {
        leaks.add(outlet + " (" + where + ")");
    }

    /** The leaks reported since the last call, oldest first; the watch forgets them. */
    public static synchronized List<String> takeLeaks() {
        List<String> taken = List.copyOf(leaks);
        leaks.clear();
        return taken;
    }
}
