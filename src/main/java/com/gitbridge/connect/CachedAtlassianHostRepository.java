package com.gitbridge.connect;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The site store as every request reads it: the Connect library looks the site up for each JWT it verifies, so
 * {@link #findById} answers from memory for {@link #LIFETIME}. Only sites found are kept: a JWT's issuer is whatever
 * its sender wrote, so an unknown one goes to the database each time rather than fill the cache. Writes go to the
 * database and forget the site here at once, by its key: Caffeine's {@code invalidate} waits for a read of that key
 * under way, which {@code invalidateAll()} would miss and leave the old row kept. Another app instance sees a
 * reinstall or an uninstall within {@link #LIFETIME}. Sites go to the database with their shared secret sealed and
 * come back with it opened ({@link SharedSecrets}); a row whose secret does not open is not found.
 */
@Primary
@Component
class CachedAtlassianHostRepository implements AtlassianHostRepository {

    static final Duration LIFETIME = Duration.ofSeconds(10);

    private final AtlassianHostJpaRepository database;
    private final SharedSecrets secrets;
    /** A load that finds no site answers {@code null}, which Caffeine does not keep. */
    private final LoadingCache<String, AtlassianHost> sites;

    @Autowired
    CachedAtlassianHostRepository(AtlassianHostJpaRepository database, SharedSecrets secrets) {
        this(database, secrets, Ticker.systemTicker());
    }

    CachedAtlassianHostRepository(AtlassianHostJpaRepository database, SharedSecrets secrets, Ticker ticker) {
        this.database = database;
        this.secrets = secrets;
        this.sites = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(LIFETIME).ticker(ticker)
                .build(clientKey -> database.findById(clientKey).flatMap(secrets::opened).orElse(null));
    }

    @Override
    public Optional<AtlassianHost> findById(String clientKey) {
        return Optional.ofNullable(sites.get(clientKey));
    }

    @Override
    public Optional<AtlassianHost> findFirstByBaseUrlOrderByLastModifiedDateDesc(String baseUrl) {
        return database.findFirstByBaseUrlOrderByLastModifiedDateDesc(baseUrl).flatMap(secrets::opened);
    }

    @Override
    public <S extends AtlassianHost> S save(S host) {
        try {
            database.save(secrets.sealed(host));
            return host;
        } finally {
            sites.invalidate(host.getClientKey());
        }
    }

    @Override
    public <S extends AtlassianHost> Iterable<S> saveAll(Iterable<S> hosts) {
        List<String> clientKeys = clientKeys(hosts);
        try {
            database.saveAll(StreamSupport.stream(hosts.spliterator(), false).map(secrets::sealed).toList());
            return hosts;
        } finally {
            sites.invalidateAll(clientKeys);
        }
    }

    @Override
    public boolean existsById(String clientKey) {
        return database.existsById(clientKey);
    }

    @Override
    public Iterable<AtlassianHost> findAll() {
        return opened(database.findAll());
    }

    @Override
    public Iterable<AtlassianHost> findAllById(Iterable<String> clientKeys) {
        return opened(database.findAllById(clientKeys));
    }

    @Override
    public long count() {
        return database.count();
    }

    @Override
    public void deleteById(String clientKey) {
        try {
            database.deleteById(clientKey);
        } finally {
            sites.invalidate(clientKey);
        }
    }

    @Override
    public void delete(AtlassianHost host) {
        try {
            database.deleteById(host.getClientKey());
        } finally {
            sites.invalidate(host.getClientKey());
        }
    }

    @Override
    public void deleteAllById(Iterable<? extends String> clientKeys) {
        try {
            database.deleteAllById(clientKeys);
        } finally {
            sites.invalidateAll(clientKeys);
        }
    }

    @Override
    public void deleteAll(Iterable<? extends AtlassianHost> hosts) {
        List<String> clientKeys = clientKeys(hosts);
        try {
            database.deleteAllById(clientKeys);
        } finally {
            sites.invalidateAll(clientKeys);
        }
    }

    /** As Spring Data deletes all, one by one, so that each site is forgotten by its key. */
    @Override
    public void deleteAll() {
        deleteAll(database.findAll());
    }

    private List<AtlassianHost> opened(Iterable<AtlassianHost> stored) {
        return StreamSupport.stream(stored.spliterator(), false).map(secrets::opened).flatMap(Optional::stream).toList();
    }

    private static List<String> clientKeys(Iterable<? extends AtlassianHost> hosts) {
        return StreamSupport.stream(hosts.spliterator(), false).map(AtlassianHost::getClientKey).toList();
    }
}
