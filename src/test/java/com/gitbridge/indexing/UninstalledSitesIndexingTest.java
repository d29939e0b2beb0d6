package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A site whose app is uninstalled, or whose site row is gone, while its data is still there (its uninstall cleanup
 * failed or never ran): the poll does not queue its integrations, and neither discovery nor an indexing run sends its
 * host a single request.
 */
class UninstalledSitesIndexingTest extends AppTestBase {

    @Autowired
    RepositoryDiscovery discovery;
    @Autowired
    RepositoryIndexing indexing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HostConnections connections;
    @Autowired
    IndexedRepositories repositories;
    @Autowired
    IndexRequests indexRequests;
    @Autowired
    IndexCleanup cleanup;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    InstalledSites installedSites;
    @Autowired
    SiteJobs siteJobs;

    private final String admin = "admin-" + UUID.randomUUID();

    /** A site with an integration whose one repository was discovered while the site was installed. */
    private record IndexedSite(TestTenant site, GitHubEnterpriseHost host, TestCredential credential, String integrationId,
                               String repositoryPk) {
    }

    private IndexedSite installed;
    private IndexedSite uninstalled;
    private IndexedSite missing;

    @BeforeEach
    void sites() {
        installed = indexedSite();
        uninstalled = indexedSite();
        missing = indexedSite();
        jdbc.update("update atlassian_host set addon_installed = false where client_key = ?", uninstalled.site().clientKey());
        jdbc.update("delete from atlassian_host where client_key = ?", missing.site().clientKey());
    }

    @Test
    void thePollQueuesOnlyTheIntegrationsOfInstalledSites() {
        // The tests run without db-scheduler: the poll's queue gets a scheduler client that records what it is given.
        SchedulerClient scheduler = mock(SchedulerClient.class);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("scheduler", scheduler);
        IndexingQueue queue = new IndexingQueue(beans.getBeanProvider(SchedulerClient.class), Clock.systemUTC());
        RepositoryDiscovery poll = new RepositoryDiscovery(connections, repositories, queue, indexRequests, cleanup,
                transaction, siteJobs, installedSites);

        poll.pollAll();

        @SuppressWarnings("unchecked")
        ArgumentCaptor<TaskInstance<Void>> queued = ArgumentCaptor.forClass(TaskInstance.class);
        verify(scheduler, atLeastOnce()).scheduleIfNotExists(queued.capture(), any(Instant.class));
        assertThat(queued.getAllValues()).allMatch(task -> task.getTaskName().equals(IndexingQueue.DISCOVER_REPOSITORIES.getTaskName()))
                .extracting(TaskInstance::getId)
                .contains(installed.integrationId())
                .doesNotContain(uninstalled.integrationId(), missing.integrationId());
    }

    @Test
    void discoveryAndIndexingRunsSendNothingToTheHostOfASiteThatIsNotInstalled() {
        for (IndexedSite site : List.of(uninstalled, missing)) {
            int before = site.host().requestsWith(site.credential());

            discovery.discover(site.integrationId());
            assertThat(indexing.run(site.repositoryPk())).isInstanceOf(RepositoryIndexing.Outcome.Finished.class);

            assertThat(site.host().requestsWith(site.credential())).as("host requests").isEqualTo(before);
            assertThat(jdbc.queryForObject("select state from indexed_repository where id = ?", String.class,
                    site.repositoryPk())).isEqualTo("QUEUED");
        }
        int before = installed.host().requestsWith(installed.credential());
        discovery.discover(installed.integrationId());
        assertThat(installed.host().requestsWith(installed.credential())).as("the installed site's host").isGreaterThan(before);
    }

    private IndexedSite indexedSite() {
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        String integrationId = addIntegration(site, admin, host, credential, false);
        discovery.discover(integrationId);
        String repositoryPk = jdbc.queryForObject("select id from indexed_repository where integration_id = ?", String.class,
                integrationId);
        return new IndexedSite(site, host, credential, integrationId, repositoryPk);
    }
}
