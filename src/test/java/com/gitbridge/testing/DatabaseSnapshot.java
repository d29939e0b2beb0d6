package com.gitbridge.testing;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every row of every table the app writes, in a stable order: take one before a refused request and compare it
 * with one taken after to prove the request changed nothing at all.
 */
public final class DatabaseSnapshot {

    private static final List<String> TABLES = List.of("atlassian_host", "integration", "user_token", "audit_entry",
            "indexed_repository", "indexed_ref", "indexed_commit", "indexed_branch", "indexed_pull_request",
            "scheduled_tasks", "devinfo_outbox", "devinfo_update_clock", "devinfo_repository_state", "devinfo_site_state",
            "devinfo_failed_entity");

    private DatabaseSnapshot() {
    }

    /** Table name to its rows, each row's columns as the database returned them. */
    public static Map<String, List<Map<String, Object>>> of(JdbcTemplate jdbc) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, sorted(jdbc.queryForList("select * from " + table)));
        }
        return tables;
    }

    /** The rows one site owns: those of every table with a {@code tenant_id}, and its host row. */
    public static Map<String, List<Map<String, Object>>> ofTenant(JdbcTemplate jdbc, String tenantId) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        tables.put("atlassian_host", sorted(jdbc.queryForList("select * from atlassian_host where client_key = ?", tenantId)));
        for (String table : List.of("integration", "user_token", "audit_entry", "indexed_repository", "indexed_commit",
                "indexed_branch", "indexed_pull_request", "devinfo_outbox", "devinfo_repository_state",
                "devinfo_site_state", "devinfo_failed_entity")) {
            tables.put(table, sorted(jdbc.queryForList("select * from " + table + " where tenant_id = ?", tenantId)));
        }
        return tables;
    }

    /** How many rows each table holds. */
    public static Map<String, Integer> counts(JdbcTemplate jdbc) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("select count(*) from " + table, Integer.class));
        }
        return counts;
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
        // byte[] compares by identity: keep its content instead
        rows.forEach(row -> row.replaceAll((column, value) -> value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value));
        rows.sort((a, b) -> a.toString().compareTo(b.toString()));
        return rows;
    }
}
