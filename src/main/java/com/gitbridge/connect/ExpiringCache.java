package com.gitbridge.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small time-bounded cache for Jira answers that many requests ask again within seconds (permission checks,
 * an issue's project). Bounded in size: when full it starts over rather than grow.
 * <p>
 * With a refresh executor, an answer older than the refresh age is still given, and asked again in the background,
 * so that an entry in use is renewed before it expires and no request waits for Jira on its behalf. No answer is
 * ever given older than the lifetime; a refresh that fails leaves the old answer to expire. With a refresh spread,
 * each answer comes due at a random point up to that much before the refresh age, so that answers asked for together
 * (every issue a busy site shows, when an instance starts) are not all asked again together.
 */
final class ExpiringCache<K, V> {

    private record Entry<V>(V value, Instant refreshAt, Instant expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
    /** Moves on with every forget, so that an answer asked for before it does not bring a forgotten one back. */
    private final AtomicLong forgets = new AtomicLong();
    private final Duration lifetime;
    private final Duration refreshAge;
    private final long refreshSpreadMillis;
    private final int maxEntries;
    private final Clock clock;
    private final Executor refresher;

    ExpiringCache(Duration lifetime, int maxEntries, Clock clock) {
        this(lifetime, lifetime, Duration.ZERO, maxEntries, clock, null);
    }

    /**
     * @param refreshSpread how much earlier than {@code refreshAge} an answer may come due, at random
     * @param refresher runs the background refreshes of answers that came due
     */
    ExpiringCache(Duration lifetime, Duration refreshAge, Duration refreshSpread, int maxEntries, Clock clock,
                  Executor refresher) {
        if (refreshSpread.isNegative() || refreshSpread.compareTo(refreshAge) > 0) {
            throw new IllegalArgumentException("The refresh spread must be between zero and the refresh age");
        }
        this.lifetime = lifetime;
        this.refreshAge = refreshAge;
        this.refreshSpreadMillis = refreshSpread.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.refresher = refresher;
    }

    V get(K key, Function<K, V> load) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAt().isAfter(now)) {
            if (refresher != null && !entry.refreshAt().isAfter(now)) {
                refreshInBackground(key, load);
            }
            return entry.value();
        }
        return reload(key, load);
    }

    /** Asks now, whatever is kept, and keeps the answer. */
    V reload(K key, Function<K, V> load) {
        Instant now = clock.instant();
        long forgetsBefore = forgets.get();
        V value = load.apply(key);
        putUnlessForgotten(key, value, now, forgetsBefore);
        return value;
    }

    synchronized void forget(K key) {
        forgets.incrementAndGet();
        entries.remove(key);
    }

    synchronized void forgetAll() {
        forgets.incrementAndGet();
        entries.clear();
    }

    private void refreshInBackground(K key, Function<K, V> load) {
        if (!refreshing.add(key)) {
            return;
        }
        try {
            long forgetsBefore = forgets.get();
            refresher.execute(() -> {
                try {
                    Instant asked = clock.instant();
                    putUnlessForgotten(key, load.apply(key), asked, forgetsBefore);
                } catch (RuntimeException failed) {
                    // The old answer stays until it expires; then a request asks Jira itself and sees the failure.
                } finally {
                    refreshing.remove(key);
                }
            });
        } catch (RejectedExecutionException busy) {
            refreshing.remove(key);
        }
    }

    /** Keeps an answer asked for before a forget only if no forget came since: it may be what was forgotten. */
    private synchronized void putUnlessForgotten(K key, V value, Instant asked, long forgetsBefore) {
        if (forgets.get() != forgetsBefore) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        long early = refreshSpreadMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(refreshSpreadMillis + 1);
        entries.put(key, new Entry<>(value, asked.plus(refreshAge).minusMillis(early), asked.plus(lifetime)));
    }
}
