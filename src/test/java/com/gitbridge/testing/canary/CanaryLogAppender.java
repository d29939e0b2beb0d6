package com.gitbridge.testing.canary;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * Reports every log line (message, and the stack trace with every cause's message) that holds a canary, as the
 * app's redacting pattern writes it. Lines of the tests' own stand-in servers are not the app's and are skipped.
 */
public class CanaryLogAppender extends AppenderBase<ILoggingEvent> {

    private static final List<String> TEST_HARNESS_LOGGERS = List.of("WireMock", "com.github.tomakehurst", "wiremock.");

    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (TEST_HARNESS_LOGGERS.stream().anyMatch(event.getLoggerName()::startsWith)) {
            return;
        }
        if (Canary.isIn(new String(encoder.encode(event), StandardCharsets.UTF_8))) {
            String kind = event.getThrowableProxy() == null ? "log line" : "log line or logged exception";
            CanaryWatch.report(kind, event.getLevel() + " " + event.getLoggerName());
        }
    }
}
