package com.gitbridge.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records who did what with which credential. Each entry is one insert, committed at once and on its own (callers hold
 * no transaction), so refusals and host failures are recorded as well as successes. A plain insert: through JPA it
 * cost a transaction of its own, a tenth of a branch creation's CPU.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    /** Stands for the actor of an entry once that Jira account was closed: the event stays, the person goes. */
    public static final String CLOSED_ACCOUNT = "closed-account";

    private static final String INSERT = """
            insert into audit_entry (id, tenant_id, account_id, integration_id, repository, action, target,
                credential_kind, host_login, outcome, detail, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditTrail(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(AuditRecord record) {
        jdbc.update(INSERT, UUID.randomUUID().toString(), record.tenantId(), record.accountId(), record.integrationId(),
                clip(record.repository(), 300), record.action().name(), clip(record.target(), 300),
                record.credentialKind(), clip(record.hostLogin(), 255), record.outcome(), clip(record.detail(), 500),
                Timestamp.from(clock.instant()));
        log.info("{} in {} of integration {} with {} as {}: {}", record.action(), record.repository(),
                record.integrationId(), record.credentialKind(), record.hostLogin(), record.outcome());
    }

    /** Names and messages longer than their column are cut, not refused: the attempt is recorded either way. */
    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
