package com.gitbridge.devinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.gitbridge.devinfo.DevinfoOutboxStore.Kind;
import com.gitbridge.devinfo.DevinfoOutboxStore.Row;
import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.jira.SiteUninstalled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox's SQL: coalescing, compare-and-delete, backfill cursors, cleanup; on H2 and PostgreSQL. */
abstract class DevinfoOutboxBehaviour {

    private static final String SITE = "site-1";
    private static final String INTEGRATION = "11111111-2222-3333-4444-555555555555";

    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;
    private DevinfoOutboxStore outbox;
    private IndexedRows indexed;
    private String repository;

    abstract DataSource database();

    @BeforeEach
    void setUp() {
        DataSource dataSource = database();
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        outbox = outbox(true);
        indexed = new IndexedRows(jdbc);
        repository = indexed.repository(SITE, INTEGRATION, "acme/web");
    }

    private DevinfoOutboxStore outbox(boolean enabled) {
        DevinfoQueue queue = new DevinfoQueue(new DefaultListableBeanFactory().getBeanProvider(SchedulerClient.class),
                Clock.systemUTC());
        return new DevinfoOutboxStore(jdbc, new DevinfoSettings(enabled, Duration.ofMinutes(1), Duration.ofSeconds(60),
                Duration.ofSeconds(5)), queue, tenantId -> !tenantId.startsWith("uninstalled-"), Clock.systemUTC());
    }

    @Test
    void aChangeToAWaitingEntityTakesANewSequenceInsteadOfASecondRow() {
        transaction.executeWithoutResult(status -> outbox.commitsChanged(SITE, repository, List.of("a1", "b2", "a1")));
        long first = sequenceOf("a1");

        transaction.executeWithoutResult(status -> outbox.commitsChanged(SITE, repository, List.of("a1")));

        assertThat(jdbc.queryForObject("select count(*) from devinfo_outbox", Integer.class)).isEqualTo(2);
        assertThat(sequenceOf("a1")).isGreaterThan(first).isGreaterThan(sequenceOf("b2"));
    }

    @Test
    void aRowThatChangedWhileItWasSentStays() {
        transaction.executeWithoutResult(status -> outbox.commitsChanged(SITE, repository, List.of("a1", "b2")));
        List<Row> read = outbox.pending(SITE, EnumSet.of(Kind.COMMIT), 10);

        transaction.executeWithoutResult(status -> outbox.commitsChanged(SITE, repository, List.of("a1")));
        int deleted = outbox.deleteUnchanged(read);

        assertThat(deleted).isEqualTo(1);
        assertThat(outbox.pending(SITE, EnumSet.allOf(Kind.class), 10)).extracting(Row::entityId).containsExactly("a1");
    }

    @Test
    void nothingIsRecordedWhenTheTransactionRollsBack() {
        transaction.executeWithoutResult(status -> {
            outbox.commitsChanged(SITE, repository, List.of("a1"));
            status.setRollbackOnly();
        });

        assertThat(outbox.pending(SITE, EnumSet.allOf(Kind.class), 10)).isEmpty();
    }

    @Test
    void aBackfillIsOneRowWhoseCursorStartsOverWhenAskedAgain() {
        outbox.repositoryIndexed(SITE, repository);
        Row backfill = outbox.pending(SITE, EnumSet.of(Kind.BACKFILL), 10).get(0);
        assertThat(outbox.advanceBackfill(backfill, "c3", false, null, false, null, false)).isTrue();
        Row advanced = outbox.pending(SITE, EnumSet.of(Kind.BACKFILL), 10).get(0);
        assertThat(advanced.commitCursor()).isEqualTo("c3");

        outbox.repositoryIndexed(SITE, repository);

        List<Row> rows = outbox.pending(SITE, EnumSet.allOf(Kind.class), 10);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).commitCursor()).isNull();
        assertThat(outbox.advanceBackfill(advanced, "d4", false, null, false, null, false)).isFalse();
        assertThat(outbox.deleteUnchanged(List.of(advanced))).isZero();
    }

    @Test
    void aRemovedRepositoryLeavesADeletionThatKnowsItsPath() {
        outbox.commitsChanged(SITE, repository, List.of("a1"));

        outbox.repositoryRemoved(SITE, INTEGRATION, "acme/web");
        jdbc.update("delete from indexed_repository where id = ?", repository);

        List<Row> rows = outbox.pending(SITE, EnumSet.allOf(Kind.class), 10);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo(Kind.REPOSITORY);
            assertThat(row.integrationId()).isEqualTo(INTEGRATION);
            assertThat(row.repository()).isEqualTo("acme/web");
        });
    }

    @Test
    void aDeletedIntegrationDropsItsRowsAndLeavesOneDeletion() {
        String other = indexed.repository(SITE, "99999999-2222-3333-4444-555555555555", "acme/other");
        outbox.commitsChanged(SITE, repository, List.of("a1"));
        outbox.repositoryIndexed(SITE, repository);
        outbox.commitsChanged(SITE, other, List.of("b2"));

        outbox.integrationDeleted(new IntegrationDeleted(SITE, INTEGRATION));

        assertThat(outbox.pending(SITE, EnumSet.allOf(Kind.class), 10))
                .extracting(row -> row.kind() + " " + row.entityId())
                .containsExactlyInAnyOrder("COMMIT b2", "INTEGRATION " + INTEGRATION);
    }

    @Test
    void anIntegrationDeletedByAnUninstallLeavesNoDeletion() {
        String gone = "uninstalled-site";
        outbox.commitsChanged(gone, indexed.repository(gone, "33333333-2222-3333-4444-555555555555", "acme/web"),
                List.of("a1"));

        outbox.integrationDeleted(new IntegrationDeleted(gone, "33333333-2222-3333-4444-555555555555"));

        assertThat(outbox.pending(gone, EnumSet.allOf(Kind.class), 10)).isEmpty();
    }

    @Test
    void anUninstalledSiteKeepsNothing() {
        outbox.commitsChanged(SITE, repository, List.of("a1"));
        outbox.commitsChanged("site-2", indexed.repository("site-2", "22222222-2222-3333-4444-555555555555", "acme/web"), List.of("a1"));
        jdbc.update("insert into devinfo_site_state (tenant_id, failures, error) values (?, 1, 'x')", SITE);

        outbox.siteUninstalled(new SiteUninstalled(SITE));

        assertThat(outbox.pending(SITE, EnumSet.allOf(Kind.class), 10)).isEmpty();
        assertThat(outbox.sitesWithData()).containsExactly("site-2");
    }

    @Test
    void turnedOffRecordsNothing() {
        DevinfoOutboxStore off = outbox(false);

        off.commitsChanged(SITE, repository, List.of("a1"));
        off.repositoryIndexed(SITE, repository);
        off.repositoryRemoved(SITE, INTEGRATION, "acme/web");
        off.integrationDeleted(new IntegrationDeleted(SITE, INTEGRATION));

        assertThat(jdbc.queryForObject("select count(*) from devinfo_outbox", Integer.class)).isZero();
    }

    @Test
    void updateSequenceIdsGrowEvenWhenTheClockStepsBack() {
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofDays(1));
        long ahead = new UpdateSequence(jdbc, transaction, future).next();

        UpdateSequence now = new UpdateSequence(jdbc, transaction, Clock.systemUTC());
        long next = now.next();

        assertThat(ahead).isGreaterThan(System.currentTimeMillis());
        assertThat(next).isEqualTo(ahead + 1);
        assertThat(now.next()).isEqualTo(ahead + 2);
    }

    @Test
    void pendingCountsPerRepository() {
        outbox.commitsChanged(SITE, repository, List.of("a1", "b2"));
        outbox.repositoryIndexed(SITE, repository);

        Map<String, Long> counts = outbox.pendingByOwner(SITE, List.of(repository, "missing"));

        assertThat(counts).containsExactly(Map.entry(repository, 3L));
    }

    private long sequenceOf(String sha) {
        return jdbc.queryForObject("select sequence from devinfo_outbox where entity_id = ?", Long.class, sha);
    }
}
