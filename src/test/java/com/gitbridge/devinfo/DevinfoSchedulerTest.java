package com.gitbridge.devinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DevinfoStub;
import com.gitbridge.testing.JiraStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The push through the real scheduler: a change recorded in a transaction reaches Jira within 10 seconds of its
 * commit, and a change Jira fails to take is sent again once Jira answers. The safety sweep is an hour away, so only
 * the job the change started can explain it.
 */
@TestPropertySource(properties = {"db-scheduler.enabled=true", "db-scheduler.polling-interval=500ms",
        "gitbridge.indexing.poll-interval=1h", "gitbridge.jira.development-info.sweep-interval=1h",
        "gitbridge.jira.development-info.first-backoff=300ms"})
class DevinfoSchedulerTest extends AppTestBase {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DevelopmentInfoOutbox outbox;
    @Autowired
    DevelopmentInfoStatus status;

    private DevinfoStub jira;
    private TestTenant site;
    private IndexedRows indexed;

    @BeforeEach
    void setUpSite() {
        String sitePath = "/jira-" + UUID.randomUUID();
        jira = new DevinfoStub(sitePath);
        site = tenant(new JiraStub(sitePath));
        jira.sharedSecret(site.sharedSecret());
        indexed = new IndexedRows(jdbc);
    }

    @Test
    void aRecordedChangeReachesJiraWithinTenSeconds() {
        String repository = indexed.repository(site.clientKey(), UUID.randomUUID().toString(), "acme/web");
        indexed.commit(site.clientKey(), repository, "a".repeat(40), "ABC-1 #comment done", "ABC-1");

        transaction.executeWithoutResult(tx -> outbox.commitsChanged(site.clientKey(), repository, List.of("a".repeat(40))));

        await().atMost(Duration.ofSeconds(10)).until(() -> jira.heldCount("commits") == 1);
        assertThat(jira.violations()).isEmpty();
        assertThat(jira.pushes()).singleElement().satisfies(push -> assertThat(push.operationType()).isEqualTo("NORMAL"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status.of(site.clientKey(), List.of(repository)).get(repository).state()).isEqualTo("SENT"));
    }

    @Test
    void aChangeJiraFailedToTakeIsSentOnceJiraAnswers() {
        String repository = indexed.repository(site.clientKey(), UUID.randomUUID().toString(), "acme/web");
        indexed.commit(site.clientKey(), repository, "b".repeat(40), "ABC-2 change", "ABC-2");
        jira.answerNext(503, Map.of()).answerNext(502, Map.of());

        transaction.executeWithoutResult(tx -> outbox.commitsChanged(site.clientKey(), repository, List.of("b".repeat(40))));

        await().atMost(Duration.ofSeconds(20)).until(() -> jira.heldCount("commits") == 1);
        assertThat(jira.refusedAt()).hasSize(2);
        assertThat(jira.violations()).isEmpty();
    }
}
