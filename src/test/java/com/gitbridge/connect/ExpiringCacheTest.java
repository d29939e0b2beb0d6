package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void answersFromMemoryUntilTheLifetimeEndsThenAsksAgain() {
        MovableClock clock = new MovableClock();
        ExpiringCache<String, Boolean> cache = new ExpiringCache<>(Duration.ofSeconds(60), 10, clock);
        AtomicInteger asked = new AtomicInteger();

        assertThat(cache.get("alice", key -> asked.incrementAndGet() > 0)).isTrue();
        clock.now = clock.now.plusSeconds(59);
        cache.get("alice", key -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(1);

        clock.now = clock.now.plusSeconds(1);
        cache.get("alice", key -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(2);
    }

    @Test
    void startsOverRatherThanGrowPastItsBound() {
        ExpiringCache<Integer, Integer> cache = new ExpiringCache<>(Duration.ofMinutes(1), 3, Clock.systemUTC());
        AtomicInteger asked = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            cache.get(i, key -> asked.incrementAndGet());
        }
        cache.get(0, key -> asked.incrementAndGet());
        assertThat(asked).hasValue(5);
    }
}
