package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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

    /** A minute's lifetime, refreshed after 45 s by {@code background}. */
    private static ExpiringCache<String, Integer> refreshing(Clock clock, Executor background) {
        return new ExpiringCache<>(Duration.ofSeconds(60), Duration.ofSeconds(45), Duration.ZERO, 10, clock, background);
    }

    /** Runs what it is given when told to, as a background thread would, later. */
    private static final class LaterExecutor implements Executor {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(queued);
            queued.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void answersInUseAreRenewedInTheBackgroundBeforeTheyExpire() {
        MovableClock clock = new MovableClock();
        LaterExecutor background = new LaterExecutor();
        ExpiringCache<String, Integer> cache = refreshing(clock, background);
        AtomicInteger asked = new AtomicInteger();

        assertThat(cache.get("alice", key -> asked.incrementAndGet())).isEqualTo(1);
        clock.now = clock.now.plusSeconds(44);
        assertThat(cache.get("alice", key -> asked.incrementAndGet())).isEqualTo(1);
        assertThat(background.queued).isEmpty();

        clock.now = clock.now.plusSeconds(1);
        // Old enough: the request still gets the answer at once, and one refresh is queued however many ask.
        assertThat(cache.get("alice", key -> asked.incrementAndGet())).isEqualTo(1);
        assertThat(cache.get("alice", key -> asked.incrementAndGet())).isEqualTo(1);
        assertThat(background.queued).hasSize(1);
        assertThat(asked).hasValue(1);

        background.runAll();
        assertThat(asked).hasValue(2);
        assertThat(cache.get("alice", key -> asked.incrementAndGet())).isEqualTo(2);
        // The renewed answer lives its own minute from when Jira was asked.
        clock.now = clock.now.plusSeconds(59);
        assertThat(cache.get("alice", key -> asked.incrementAndGet())).isEqualTo(2);
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFailedRefreshLeavesTheOldAnswerOnlyUntilItExpires() {
        MovableClock clock = new MovableClock();
        LaterExecutor background = new LaterExecutor();
        ExpiringCache<String, Integer> cache = refreshing(clock, background);
        cache.get("alice", key -> 1);
        clock.now = clock.now.plusSeconds(50);
        assertThat(cache.get("alice", key -> {
            throw new IllegalStateException("Jira is down");
        })).isEqualTo(1);
        background.runAll();

        clock.now = clock.now.plusSeconds(9);
        assertThat(cache.get("alice", key -> 2)).as("still within its minute").isEqualTo(1);
        clock.now = clock.now.plusSeconds(1);
        assertThatThrownBy(() -> cache.get("alice", key -> {
            throw new IllegalStateException("Jira is down");
        })).hasMessage("Jira is down");
    }

    @Test
    void aRefreshThatWasUnderWayWhenAnswersWereForgottenDoesNotBringThemBack() {
        MovableClock clock = new MovableClock();
        LaterExecutor background = new LaterExecutor();
        ExpiringCache<String, Integer> cache = refreshing(clock, background);
        cache.get("alice", key -> 1);
        clock.now = clock.now.plusSeconds(50);
        cache.get("alice", key -> 2);
        cache.forgetAll();
        background.runAll();

        assertThat(cache.get("alice", key -> 3)).isEqualTo(3);
    }

    @Test
    void anAnswerLoadedWhileItWasForgottenIsNotKept() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(Duration.ofMinutes(1), 10, Clock.systemUTC());
        // A write forgets the site while a request is still reading the old row.
        assertThat(cache.get("site", key -> {
            cache.forget(key);
            return 1;
        })).isEqualTo(1);

        assertThat(cache.get("site", key -> 2)).isEqualTo(2);
    }

    @Test
    void aRefusedRefreshIsAskedForAgainByTheNextRequest() {
        MovableClock clock = new MovableClock();
        AtomicInteger offered = new AtomicInteger();
        Executor full = task -> {
            offered.incrementAndGet();
            throw new RejectedExecutionException("queue full");
        };
        ExpiringCache<String, Integer> cache = refreshing(clock, full);
        cache.get("alice", key -> 1);
        clock.now = clock.now.plusSeconds(50);
        assertThat(cache.get("alice", key -> 2)).isEqualTo(1);
        assertThat(cache.get("alice", key -> 2)).isEqualTo(1);
        assertThat(offered).hasValue(2);
    }

    @Test
    void answersAskedForTogetherComeDueAtDifferentTimesWithinTheSpread() {
        MovableClock clock = new MovableClock();
        LaterExecutor background = new LaterExecutor();
        ExpiringCache<Integer, Integer> cache = new ExpiringCache<>(Duration.ofMinutes(10), Duration.ofMinutes(9),
                Duration.ofMinutes(2), 1_000, clock, background);
        for (int key = 0; key < 100; key++) {
            cache.get(key, k -> 1);
        }

        Instant loaded = clock.now;
        List<Integer> dueBySecond = new ArrayList<>();
        for (int second = 0; second <= 9 * 60; second++) {
            clock.now = loaded.plusSeconds(second);
            for (int key = 0; key < 100; key++) {
                cache.get(key, k -> 1);
            }
            dueBySecond.add(background.queued.size());
            background.queued.clear();
        }

        assertThat(dueBySecond.subList(0, 7 * 60)).as("before the spread").allMatch(due -> due == 0);
        assertThat(dueBySecond.stream().mapToInt(Integer::intValue).sum()).as("each came due once").isEqualTo(100);
        assertThat(dueBySecond.stream().filter(due -> due > 0).count()).as("seconds in which some came due")
                .isGreaterThan(30);
        assertThat(dueBySecond).as("at most").allMatch(due -> due < 20);
    }

    @Test
    void aReloadAsksWhateverIsKeptAndKeepsTheNewAnswer() {
        MovableClock clock = new MovableClock();
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(Duration.ofMinutes(10), 10, clock);
        cache.get("ABC-1", key -> 1);

        assertThat(cache.reload("ABC-1", key -> 2)).isEqualTo(2);
        clock.now = clock.now.plusSeconds(599);
        assertThat(cache.get("ABC-1", key -> 3)).isEqualTo(2);
    }
}
