package com.gitbridge.integration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the integration a user's action names, with plain JDBC: every branch and pull request created reads one,
 * and through JPA the query machinery cost more CPU than the database (profiled: a ninth of a branch creation's).
 * Times are read as Hibernate reads the entity's {@code Instant}s, so both give the same values.
 */
@Component
class IntegrationForAction {

    private static final String SELECT = """
            select id, tenant_id, type, name, base_url, region, require_user_pat, project_keys, account_login,
                   sealed_credential, created_at, updated_at
            from integration where id = ? and tenant_id = ?""";

    private final JdbcTemplate jdbc;

    IntegrationForAction(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IntegrationAccess> find(String tenantId, String integrationId) {
        return jdbc.query(SELECT, (row, number) -> new IntegrationAccess(info(row), row.getString("sealed_credential")),
                integrationId, tenantId).stream().findFirst();
    }

    private static IntegrationInfo info(ResultSet row) throws SQLException {
        ProviderType type = ProviderType.valueOf(row.getString("type"));
        return new IntegrationInfo(row.getString("id"), row.getString("tenant_id"), type, row.getString("name"),
                HostEndpoint.of(type, row.getString("base_url"), row.getString("region")),
                row.getBoolean("require_user_pat"), Integration.projectKeys(row.getString("project_keys")),
                row.getString("account_login"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
