package com.gitbridge.devinfo;

import java.util.UUID;

import javax.sql.DataSource;

import com.gitbridge.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Fresh, migrated databases for the outbox tests, without a Spring context. */
final class TestDatabases {

    private TestDatabases() {
    }

    static DataSource h2() {
        return migrate(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"));
    }

    static DataSource postgres() {
        PostgresServer server = PostgresServer.get();
        String url = server.createDatabase("devinfo_" + UUID.randomUUID().toString().replace("-", ""));
        return migrate(new DriverManagerDataSource(url, server.username(), ""));
    }

    private static DataSource migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
