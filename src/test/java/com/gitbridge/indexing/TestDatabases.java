package com.gitbridge.indexing;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.gitbridge.testing.MigratedDatabases;

/** Fresh, migrated databases for the index tests, without a Spring context. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** An in-memory H2 database in the mode the app runs it. */
    static DataSource h2() {
        return MigratedDatabases.h2();
    }

    /** A new database in the test PostgreSQL cluster. */
    static DataSource postgres() {
        return MigratedDatabases.postgres("index_");
    }

    static IndexStore store(DataSource dataSource, RecordingOutbox outbox) {
        return new IndexStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), outbox);
    }

    static DataSource migrate(DataSource dataSource) {
        return MigratedDatabases.migrate(dataSource);
    }
}
