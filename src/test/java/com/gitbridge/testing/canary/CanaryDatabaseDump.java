package com.gitbridge.testing.canary;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * After each test class with an app context, reads its whole database raw (H2: {@code SCRIPT}; otherwise every
 * column of every row of every table) and reports each table holding a canary. Runs before a dirtied context is
 * closed.
 */
public class CanaryDatabaseDump implements TestExecutionListener, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        for (DataSource dataSource : testContext.getApplicationContext().getBeansOfType(DataSource.class).values()) {
            scan(dataSource);
        }
        CanaryCheck.failOnLeaks("after the test class");
    }

    /** Reports every table (or, for H2, the dump as a whole) of {@code dataSource} that holds a canary. */
    public static void scan(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.getMetaData().getDatabaseProductName().equals("H2")) {
                scanH2Script(connection);
            } else {
                for (String table : tables(connection.getMetaData())) {
                    scanTable(connection, table);
                }
            }
        }
    }

    private static void scanH2Script(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SCRIPT")) {
            while (rows.next()) {
                if (Canary.isIn(rows.getString(1))) {
                    CanaryWatch.report("raw database dump", "H2 SCRIPT line " + rows.getRow());
                }
            }
        }
    }

    private static List<String> tables(DatabaseMetaData metaData) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = metaData.getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rows.next()) {
                String schema = rows.getString("TABLE_SCHEM");
                if (!schema.equals("pg_catalog") && !schema.equals("information_schema")) {
                    tables.add('"' + schema + "\".\"" + rows.getString("TABLE_NAME") + '"');
                }
            }
        }
        return tables;
    }

    private static void scanTable(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select * from " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    Object value = rows.getObject(column);
                    String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
                    if (Canary.isIn(text)) {
                        CanaryWatch.report("raw database dump", table + "." + rows.getMetaData().getColumnName(column));
                    }
                }
            }
        }
    }
}
