package com.gitbridge.testing;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Fresh databases with the app's migrations applied, for tests of its SQL without a Spring context. */
public final class MigratedDatabases {

    private MigratedDatabases() {
    }

    /** An in-memory H2 database in the mode the app runs it. */
    public static DataSource h2() {
        return migrate(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"));
    }

    /** A new database in the test PostgreSQL cluster, its name starting with {@code prefix}. */
    public static DataSource postgres(String prefix) {
        PostgresServer server = PostgresServer.get();
        String url = server.createDatabase(prefix + UUID.randomUUID().toString().replace("-", ""));
        return migrate(new DriverManagerDataSource(url, server.username(), ""));
    }

    public static DataSource migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
