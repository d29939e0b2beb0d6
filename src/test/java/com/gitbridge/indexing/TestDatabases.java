package com.gitbridge.indexing;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.gitbridge.testing.PostgresServer;

/** Fresh, migrated databases for the index tests, without a Spring context. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** An in-memory H2 database in the mode the app runs it. */
    static DataSource h2() {
        return migrate(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"));
    }

    /** A new database in the test PostgreSQL cluster. */
    static DataSource postgres() {
        PostgresServer server = PostgresServer.get();
        String url = server.createDatabase("index_" + UUID.randomUUID().toString().replace("-", ""));
        return migrate(new DriverManagerDataSource(url, server.username(), ""));
    }

    static IndexStore store(DataSource dataSource, RecordingOutbox outbox) {
        return new IndexStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), outbox);
    }

    static DataSource migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
