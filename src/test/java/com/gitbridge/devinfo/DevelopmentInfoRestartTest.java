package com.gitbridge.devinfo;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.atlassian.connect.spring.AtlassianHostRepository;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.AppTestBase.TestTenant;
import com.gitbridge.testing.DevinfoStub;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.TestHosts;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.Test;

/**
 * Nothing is lost across a restart: changes recorded while Jira answers 503 wait in PostgreSQL while the instance
 * stops, and the next instance on the same database delivers every one of them once Jira answers again.
 */
class DevelopmentInfoRestartTest {

    private static final int COMMITS = 60;

    @Test
    void whatJiraDidNotTakeBeforeARestartIsDeliveredAfterIt() {
        String database = PostgresServer.get().createDatabase("restart_" + UUID.randomUUID().toString().replace("-", ""));
        String sitePath = "/jira-" + UUID.randomUUID();
        String path = "/rest/devinfo/0\\.10/.*";
        DevinfoStub jira = new DevinfoStub(sitePath);
        StubMapping unavailable = TestHosts.server().stubFor(any(urlPathMatching(sitePath + path)).atPriority(1)
                .willReturn(serviceUnavailable()));
        String integrationId = UUID.randomUUID().toString();
        String indexedId;
        String backfilledId;
        List<String> shas;
        TestTenant site;

        try (AppInstance first = AppInstance.start(database)) {
            site = AppTestBase.installTenant(first.bean(AtlassianHostRepository.class), new JiraStub(sitePath));
            jira.sharedSecret(site.sharedSecret());
            IndexedRows indexed = new IndexedRows(first.jdbc());
            indexedId = indexed.repository(site.clientKey(), integrationId, "acme/web");
            shas = indexed.commits(site.clientKey(), indexedId, COMMITS);
            indexed.branch(site.clientKey(), indexedId, "abc-1-fix-login", shas.get(0), "ABC-1");
            indexed.pullRequest(site.clientKey(), indexedId, "7", "OPEN", "abc-1-fix-login", "ABC-1");
            backfilledId = indexed.repository(site.clientKey(), integrationId, "acme/api");
            indexed.commit(site.clientKey(), backfilledId, "f".repeat(40), "ABC-9 the api", "ABC-9");

            first.record(outbox -> {
                outbox.commitsChanged(site.clientKey(), indexedId, shas);
                outbox.branchesChanged(site.clientKey(), indexedId, List.of("abc-1-fix-login"));
                outbox.pullRequestsChanged(site.clientKey(), indexedId, List.of("7"));
                outbox.repositoryIndexed(site.clientKey(), backfilledId);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> jiraRequests(sitePath) >= 2);
            assertThat(waitingRows(first, site)).isEqualTo(COMMITS + 3);
        }
        assertThat(jira.heldCount("commits")).isZero();

        TestHosts.server().removeStub(unavailable);
        try (AppInstance second = AppInstance.start(database)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(jira.held(JiraIds.repository(integrationId, "acme/web"), "commits")).hasSize(COMMITS);
                assertThat(jira.held(JiraIds.repository(integrationId, "acme/web"), "branches")).containsOnlyKeys("abc-1-fix-login");
                assertThat(jira.held(JiraIds.repository(integrationId, "acme/web"), "pullRequests")).containsOnlyKeys("7");
                assertThat(jira.held(JiraIds.repository(integrationId, "acme/api"), "commits")).containsOnlyKeys("f".repeat(40));
                assertThat(waitingRows(second, site)).isZero();
            });
            assertThat(jira.held(JiraIds.repository(integrationId, "acme/web"), "commits")).containsOnlyKeys(shas);
            assertThat(jira.violations()).isEmpty();
        }
    }

    private static int jiraRequests(String sitePath) {
        return TestHosts.server().findAll(anyRequestedFor(urlPathMatching(sitePath + "/rest/devinfo/.*"))).size();
    }

    private static int waitingRows(AppInstance app, TestTenant site) {
        return app.jdbc().queryForObject("select count(*) from devinfo_outbox where tenant_id = ?", Integer.class,
                site.clientKey());
    }
}
