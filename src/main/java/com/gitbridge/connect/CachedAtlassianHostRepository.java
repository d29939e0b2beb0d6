package com.gitbridge.connect;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The site store as every request reads it: the Connect library looks the site up for each JWT it verifies, so
 * {@link #findById} answers from memory for {@link #LIFETIME}. Writes go to the database and forget the site here at
 * once; another app instance sees a reinstall or an uninstall within {@link #LIFETIME}.
 */
@Primary
@Component
class CachedAtlassianHostRepository implements AtlassianHostRepository {

    static final Duration LIFETIME = Duration.ofSeconds(10);

    private final AtlassianHostJpaRepository database;
    private final ExpiringCache<String, Optional<AtlassianHost>> sites;

    CachedAtlassianHostRepository(AtlassianHostJpaRepository database, Clock clock) {
        this.database = database;
        this.sites = new ExpiringCache<>(LIFETIME, 10_000, clock);
    }

    @Override
    public Optional<AtlassianHost> findById(String clientKey) {
        return sites.get(clientKey, database::findById);
    }

    @Override
    public Optional<AtlassianHost> findFirstByBaseUrlOrderByLastModifiedDateDesc(String baseUrl) {
        return database.findFirstByBaseUrlOrderByLastModifiedDateDesc(baseUrl);
    }

    @Override
    public <S extends AtlassianHost> S save(S host) {
        try {
            return database.save(host);
        } finally {
            sites.forget(host.getClientKey());
        }
    }

    @Override
    public <S extends AtlassianHost> Iterable<S> saveAll(Iterable<S> hosts) {
        try {
            return database.saveAll(hosts);
        } finally {
            sites.forgetAll();
        }
    }

    @Override
    public boolean existsById(String clientKey) {
        return database.existsById(clientKey);
    }

    @Override
    public Iterable<AtlassianHost> findAll() {
        return database.findAll();
    }

    @Override
    public Iterable<AtlassianHost> findAllById(Iterable<String> clientKeys) {
        return database.findAllById(clientKeys);
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
            sites.forget(clientKey);
        }
    }

    @Override
    public void delete(AtlassianHost host) {
        try {
            database.delete(host);
        } finally {
            sites.forget(host.getClientKey());
        }
    }

    @Override
    public void deleteAllById(Iterable<? extends String> clientKeys) {
        try {
            database.deleteAllById(clientKeys);
        } finally {
            sites.forgetAll();
        }
    }

    @Override
    public void deleteAll(Iterable<? extends AtlassianHost> hosts) {
        try {
            database.deleteAll(hosts);
        } finally {
            sites.forgetAll();
        }
    }

    @Override
    public void deleteAll() {
        try {
            database.deleteAll();
        } finally {
            sites.forgetAll();
        }
    }
}
