package com.gitbridge.testing.canary;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test (or, for what happens outside any test, the test class) during which a canary secret reached an
 * outlet. Registered for every test through {@code junit.jupiter.extensions.autodetection.enabled}.
 */
public class CanaryCheck implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks("during the test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnLeaks("around the test class");
    }

    static void failOnLeaks(String when) {
        List<String> leaks = CanaryWatch.takeLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("A canary secret the tests handed the app reached these outlets " + when + ": "
                    + String.join("; ", leaks));
        }
    }
}
