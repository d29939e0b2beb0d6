package com.gitbridge.devinfo;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.jira.SiteData;
import com.gitbridge.jira.SiteUninstalled;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox of changes for Jira ({@code devinfo_outbox}), written in the caller's transaction. A change to an entity
 * that already waits takes a new sequence instead of a second row, and the sender deletes a row only while its
 * sequence is the one it read: a change that lands while its entity is on the way to Jira is sent again.
 */
@Component
class DevinfoOutboxStore implements DevelopmentInfoOutbox, SiteData {

    enum Kind { COMMIT, BRANCH, PULL_REQUEST, BACKFILL, REPOSITORY, INTEGRATION }

    /** What a row says; a backfill's cursors are those of the page to send next. */
    record Row(String ownerId, Kind kind, String entityId, String tenantId, String integrationId, String repository,
               long sequence, String commitCursor, String branchCursor, String pullRequestCursor, boolean commitsDone,
               boolean branchesDone, boolean pullRequestsDone) {
    }

    private static final int MAX_ENTITY_ID = 500;
    private static final String COLUMNS = "owner_id, kind, entity_id, tenant_id, integration_id, repository, sequence, "
            + "commit_cursor, branch_cursor, pull_request_cursor, commits_done, branches_done, pull_requests_done";

    private final JdbcTemplate jdbc;
    private final DevinfoSettings settings;
    private final DevinfoQueue queue;
    private final InstalledSites sites;
    private final Clock clock;

    DevinfoOutboxStore(JdbcTemplate jdbc, DevinfoSettings settings, DevinfoQueue queue, InstalledSites sites,
                       Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.queue = queue;
        this.sites = sites;
        this.clock = clock;
    }

    // ---- recording, in the caller's transaction

    @Override
    public void repositoryIndexed(String tenantId, String repositoryPk) {
        recordForRepository(tenantId, repositoryPk, Kind.BACKFILL, List.of(""));
    }

    @Override
    public void commitsChanged(String tenantId, String repositoryPk, Collection<String> shas) {
        recordForRepository(tenantId, repositoryPk, Kind.COMMIT, shas);
    }

    @Override
    public void branchesChanged(String tenantId, String repositoryPk, Collection<String> names) {
        recordForRepository(tenantId, repositoryPk, Kind.BRANCH, names);
    }

    /** The same row as a change: the sender sends a delete for a branch it finds without indexed rows. */
    @Override
    public void branchesDeleted(String tenantId, String repositoryPk, Collection<String> names) {
        recordForRepository(tenantId, repositoryPk, Kind.BRANCH, names);
    }

    /** A pull request the sender finds without indexed rows no longer mentions a key: it is deleted from Jira. */
    @Override
    public void pullRequestsChanged(String tenantId, String repositoryPk, Collection<String> ids) {
        recordForRepository(tenantId, repositoryPk, Kind.PULL_REQUEST, ids);
    }

    @Override
    public void repositoryRemoved(String tenantId, String integrationId, String repository) {
        if (!settings.enabled()) {
            return;
        }
        List<String> pks = jdbc.queryForList("select id from indexed_repository where integration_id = ? "
                + "and repository = ?", String.class, integrationId, repository);
        pks.forEach(this::forgetRepository);
        record(tenantId, integrationId, integrationId, repository, Kind.REPOSITORY, List.of(repository));
    }

    /** An uninstall deletes the site's integrations too: Jira dropped their data itself, nothing is sent. */
    @EventListener
    void integrationDeleted(IntegrationDeleted event) {
        jdbc.update("delete from devinfo_outbox where integration_id = ?", event.integrationId());
        jdbc.update("delete from devinfo_repository_state where integration_id = ?", event.integrationId());
        jdbc.update("delete from devinfo_failed_entity where integration_id = ?", event.integrationId());
        if (settings.enabled() && sites.isInstalled(event.tenantId())) {
            record(event.tenantId(), event.integrationId(), event.integrationId(), null, Kind.INTEGRATION,
                    List.of(event.integrationId()));
        }
    }

    /** Nothing more goes to the site: Jira removed what the app pushed there when it uninstalled it. */
    @EventListener
    void siteUninstalled(SiteUninstalled event) {
        forgetSite(event.tenantId());
        queue.cancel(event.tenantId());
    }

    void forgetSite(String tenantId) {
        jdbc.update("delete from devinfo_outbox where tenant_id = ?", tenantId);
        jdbc.update("delete from devinfo_repository_state where tenant_id = ?", tenantId);
        jdbc.update("delete from devinfo_failed_entity where tenant_id = ?", tenantId);
        jdbc.update("delete from devinfo_site_state where tenant_id = ?", tenantId);
    }

    private void forgetRepository(String repositoryPk) {
        jdbc.update("delete from devinfo_outbox where owner_id = ?", repositoryPk);
        jdbc.update("delete from devinfo_repository_state where repository_pk = ?", repositoryPk);
        jdbc.update("delete from devinfo_failed_entity where repository_pk = ?", repositoryPk);
    }

    @Override
    public Set<String> sitesWithData() {
        Set<String> sites = new HashSet<>(jdbc.queryForList("select distinct tenant_id from devinfo_outbox", String.class));
        sites.addAll(jdbc.queryForList("select distinct tenant_id from devinfo_repository_state", String.class));
        sites.addAll(jdbc.queryForList("select tenant_id from devinfo_site_state", String.class));
        return sites;
    }

    private void recordForRepository(String tenantId, String repositoryPk, Kind kind, Collection<String> entityIds) {
        if (!settings.enabled() || entityIds.isEmpty()) {
            return;
        }
        List<Map<String, Object>> repository = jdbc.queryForList("select integration_id, repository "
                + "from indexed_repository where id = ? and tenant_id = ?", repositoryPk, tenantId);
        if (repository.isEmpty()) {
            return;
        }
        record(tenantId, repositoryPk, (String) repository.get(0).get("integration_id"),
                (String) repository.get(0).get("repository"), kind, entityIds);
    }

    /**
     * Gives each entity's row a new sequence (a backfill also starts again from the beginning), or adds the row: an
     * update first, so that the usual case of a row not yet there costs a second statement only for those.
     */
    private void record(String tenantId, String ownerId, String integrationId, String repository, Kind kind,
                        Collection<String> entityIds) {
        List<String> ids = entityIds.stream().distinct().filter(id -> id != null && id.length() <= MAX_ENTITY_ID).toList();
        if (ids.isEmpty()) {
            return;
        }
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int[] updated = jdbc.batchUpdate("update devinfo_outbox set sequence = nextval('devinfo_change_sequence'), "
                        + "recorded_at = ?, commit_cursor = null, branch_cursor = null, pull_request_cursor = null, "
                        + "commits_done = false, branches_done = false, pull_requests_done = false "
                        + "where owner_id = ? and kind = ? and entity_id = ?",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        statement.setObject(1, now);
                        statement.setString(2, ownerId);
                        statement.setString(3, kind.name());
                        statement.setString(4, ids.get(i));
                    }

                    @Override
                    public int getBatchSize() {
                        return ids.size();
                    }
                });
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (updated[i] == 0 || updated[i] == Statement.EXECUTE_FAILED) {
                missing.add(new Object[]{ownerId, kind.name(), ids.get(i), tenantId, integrationId, repository, now});
            }
        }
        if (!missing.isEmpty()) {
            jdbc.batchUpdate("insert into devinfo_outbox (owner_id, kind, entity_id, tenant_id, integration_id, "
                    + "repository, sequence, recorded_at, commits_done, branches_done, pull_requests_done) "
                    + "values (?, ?, ?, ?, ?, ?, nextval('devinfo_change_sequence'), ?, false, false, false) "
                    + "on conflict do nothing", missing);
        }
        queue.pushAfterCommit(tenantId);
    }

    // ---- reading and clearing, for the sender

    List<String> sitesWithPendingRows() {
        return jdbc.queryForList("select distinct tenant_id from devinfo_outbox", String.class);
    }

    /** The site's oldest rows of these kinds. */
    List<Row> pending(String tenantId, Collection<Kind> kinds, int limit) {
        List<String> names = kinds.stream().map(Kind::name).toList();
        String marks = String.join(", ", names.stream().map(n -> "?").toList());
        List<Object> arguments = new ArrayList<>();
        arguments.add(tenantId);
        arguments.addAll(names);
        arguments.add(limit);
        return jdbc.query("select " + COLUMNS + " from devinfo_outbox where tenant_id = ? and kind in (" + marks + ") "
                + "order by sequence limit ?", (row, i) -> new Row(row.getString("owner_id"),
                Kind.valueOf(row.getString("kind")), row.getString("entity_id"), row.getString("tenant_id"),
                row.getString("integration_id"), row.getString("repository"), row.getLong("sequence"),
                row.getString("commit_cursor"), row.getString("branch_cursor"), row.getString("pull_request_cursor"),
                row.getBoolean("commits_done"), row.getBoolean("branches_done"), row.getBoolean("pull_requests_done")),
                arguments.toArray());
    }

    /** Deletes the rows that did not change since they were read; the others wait for the next send. */
    int deleteUnchanged(Collection<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        for (int count : jdbc.batchUpdate("delete from devinfo_outbox where owner_id = ? and kind = ? "
                + "and entity_id = ? and sequence = ?", rows.stream().map(row -> new Object[]{row.ownerId(),
                row.kind().name(), row.entityId(), row.sequence()}).toList())) {
            deleted += Math.max(count, 0);
        }
        return deleted;
    }

    /** Moves a backfill on to the next page, unless it was asked again meanwhile (and starts over). */
    boolean advanceBackfill(Row row, String commitCursor, boolean commitsDone, String branchCursor,
                            boolean branchesDone, String pullRequestCursor, boolean pullRequestsDone) {
        return jdbc.update("update devinfo_outbox set commit_cursor = ?, commits_done = ?, branch_cursor = ?, "
                        + "branches_done = ?, pull_request_cursor = ?, pull_requests_done = ? "
                        + "where owner_id = ? and kind = ? and entity_id = ? and sequence = ?",
                commitCursor, commitsDone, branchCursor, branchesDone, pullRequestCursor, pullRequestsDone,
                row.ownerId(), row.kind().name(), row.entityId(), row.sequence()) == 1;
    }

    /** Rows waiting per owner (repository row id), a backfill counting as one. */
    Map<String, Long> pendingByOwner(String tenantId, Collection<String> ownerIds) {
        Map<String, Long> counts = new HashMap<>();
        if (ownerIds.isEmpty()) {
            return counts;
        }
        String marks = String.join(", ", ownerIds.stream().map(n -> "?").toList());
        List<Object> arguments = new ArrayList<>();
        arguments.add(tenantId);
        arguments.addAll(ownerIds);
        jdbc.query("select owner_id, count(*) as waiting from devinfo_outbox where tenant_id = ? and owner_id in ("
                + marks + ") group by owner_id", row -> {
            counts.put(row.getString("owner_id"), row.getLong("waiting"));
        }, arguments.toArray());
        return counts;
    }
}
