package com.gitbridge.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small time-bounded cache for Jira answers that many requests ask again within seconds (permission checks,
 * an issue's project). Bounded in size: when full it starts over rather than grow.
 */
final class ExpiringCache<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final int maxEntries;
    private final Clock clock;

    ExpiringCache(Duration lifetime, int maxEntries, Clock clock) {
        this.lifetime = lifetime;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    V get(K key, Function<K, V> load) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAt().isAfter(now)) {
            return entry.value();
        }
        V value = load.apply(key);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now.plus(lifetime)));
        return value;
    }

    void forget(K key) {
        entries.remove(key);
    }

    void forgetAll() {
        entries.clear();
    }
}
