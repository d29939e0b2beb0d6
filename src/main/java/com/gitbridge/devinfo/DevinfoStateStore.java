package com.gitbridge.devinfo;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the push knows of each repository and site: when Jira last accepted something, the last error, the failures in
 * a row and when to try again, the entities Jira refused. The index status reads it as {@link DevelopmentInfoStatus}.
 */
@Component
class DevinfoStateStore implements DevelopmentInfoStatus {

    record SiteState(int failures, Instant retryAt, String error) {
        static final SiteState FINE = new SiteState(0, null, null);
    }

    private static final int MAX_ERROR = 1000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate transaction;
    private final DevinfoOutboxStore outbox;
    private final DevinfoSettings settings;
    private final Clock clock;

    DevinfoStateStore(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate transaction,
                      DevinfoOutboxStore outbox, DevinfoSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.transaction = transaction;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Map<String, JiraSync> of(String tenantId, Collection<String> repositoryPks) {
        Map<String, JiraSync> states = new LinkedHashMap<>();
        List<String> pks = repositoryPks.stream().distinct().toList();
        if (!settings.enabled()) {
            pks.forEach(pk -> states.put(pk, new JiraSync("OFF", 0, null, null)));
            return states;
        }
        Map<String, Long> pending = outbox.pendingByOwner(tenantId, pks);
        Map<String, Instant> lastSent = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        if (!pks.isEmpty()) {
            named.query("select repository_pk, last_sent_at, error from devinfo_repository_state "
                    + "where tenant_id = :tenant and repository_pk in (:pks)",
                    new MapSqlParameterSource("tenant", tenantId).addValue("pks", pks), row -> {
                        lastSent.put(row.getString("repository_pk"), utc(row.getObject("last_sent_at", LocalDateTime.class)));
                        if (row.getString("error") != null) {
                            errors.put(row.getString("repository_pk"), row.getString("error"));
                        }
                    });
        }
        SiteState site = site(tenantId);
        for (String pk : pks) {
            long waiting = pending.getOrDefault(pk, 0L);
            String error = errors.get(pk) != null ? errors.get(pk) : waiting > 0 ? site.error() : null;
            String state = error != null ? "FAILED" : waiting > 0 ? "SENDING" : "SENT";
            states.put(pk, new JiraSync(state, waiting, lastSent.get(pk), error));
        }
        return states;
    }

    SiteState site(String tenantId) {
        List<SiteState> found = jdbc.query("select failures, retry_at, error from devinfo_site_state where tenant_id = ?",
                (row, i) -> new SiteState(row.getInt("failures"), utc(row.getObject("retry_at", LocalDateTime.class)),
                        row.getString("error")), tenantId);
        return found.isEmpty() ? SiteState.FINE : found.get(0);
    }

    /** One more failure in a row: the site is tried again at {@code retryAt}. */
    void siteFailed(String tenantId, String error, Instant retryAt) {
        transaction.executeWithoutResult(status -> {
            int updated = jdbc.update("update devinfo_site_state set failures = failures + 1, retry_at = ?, error = ? "
                    + "where tenant_id = ?", utc(retryAt), cut(error), tenantId);
            if (updated == 0) {
                jdbc.update("insert into devinfo_site_state (tenant_id, failures, retry_at, error) values (?, 1, ?, ?) "
                        + "on conflict do nothing", tenantId, utc(retryAt), cut(error));
            }
        });
    }

    void siteAnswered(String tenantId) {
        jdbc.update("delete from devinfo_site_state where tenant_id = ?", tenantId);
    }

    /** Jira accepted what was sent of the repository: its error, if any, is over. */
    void repositorySent(DevinfoEntities.Repository repository) {
        LocalDateTime now = now();
        if (jdbc.update("update devinfo_repository_state set last_sent_at = ?, error = null, error_at = null "
                + "where repository_pk = ?", now, repository.pk()) == 0) {
            insertRepository(repository, now, null, null);
        }
    }

    void repositoryFailed(DevinfoEntities.Repository repository, String error) {
        LocalDateTime now = now();
        if (jdbc.update("update devinfo_repository_state set error = ?, error_at = ? where repository_pk = ?",
                cut(error), now, repository.pk()) == 0) {
            insertRepository(repository, null, cut(error), now);
        }
    }

    private void insertRepository(DevinfoEntities.Repository repository, LocalDateTime lastSent, String error,
                                  LocalDateTime errorAt) {
        jdbc.update("insert into devinfo_repository_state (repository_pk, tenant_id, integration_id, last_sent_at, "
                        + "error, error_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing", repository.pk(),
                repository.tenantId(), repository.integrationId(), lastSent, error, errorAt);
    }

    /** Jira refused the entity: kept with its message, and shown as the repository's error. */
    void entityFailed(DevinfoEntities.Repository repository, DevinfoOutboxStore.Kind kind, String jiraId, String message) {
        jdbc.update("delete from devinfo_failed_entity where repository_pk = ? and kind = ? and entity_id = ?",
                repository.pk(), kind.name(), cut(jiraId, 500));
        jdbc.update("insert into devinfo_failed_entity (repository_pk, kind, entity_id, tenant_id, integration_id, "
                        + "message, failed_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", repository.pk(),
                kind.name(), cut(jiraId, 500), repository.tenantId(), repository.integrationId(), cut(message), now());
        repositoryFailed(repository, "Jira refused " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " " + jiraId + ": " + message);
    }

    private LocalDateTime now() {
        return utc(clock.instant());
    }

    private static String cut(String text) {
        return cut(text, MAX_ERROR);
    }

    private static String cut(String text, int max) {
        return text == null ? null : DevinfoEntities.cut(text, max);
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
