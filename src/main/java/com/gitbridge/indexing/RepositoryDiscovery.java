package com.gitbridge.indexing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.gitbridge.integration.HostConnections;
import com.gitbridge.integration.IntegrationInfo;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderException;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the repositories an integration account can see: new ones are queued for indexing, vanished ones are
 * forgotten with everything indexed of them. Integrations of a site that is not installed are left alone: the
 * uninstall cleanup, or its sweep, removes them.
 */
@Component
class RepositoryDiscovery {

    private static final Logger log = LoggerFactory.getLogger(RepositoryDiscovery.class);

    private final HostConnections connections;
    private final IndexedRepositories repositories;
    private final IndexingQueue queue;
    private final IndexRequests indexRequests;
    private final IndexCleanup cleanup;
    private final TransactionTemplate transaction;
    private final SiteJobs siteJobs;
    private final InstalledSites sites;

    RepositoryDiscovery(HostConnections connections, IndexedRepositories repositories, IndexingQueue queue,
                        IndexRequests indexRequests, IndexCleanup cleanup, TransactionTemplate transaction,
                        SiteJobs siteJobs, InstalledSites sites) {
        this.connections = connections;
        this.repositories = repositories;
        this.queue = queue;
        this.indexRequests = indexRequests;
        this.cleanup = cleanup;
        this.transaction = transaction;
        this.siteJobs = siteJobs;
        this.sites = sites;
    }

    /** Queues discovery of every integration of every site: the periodic poll. */
    void pollAll() {
        connections.all().stream()
                .filter(integration -> sites.isInstalled(integration.tenantId()))
                .forEach(integration -> queue.discover(integration.id()));
    }

    /**
     * Lists the integration's repositories and queues or forgets them; {@code false} if its site's indexing
     * places are all taken, so that the job must run again later.
     */
    boolean discover(String integrationId) {
        IntegrationInfo integration = connections.findForJob(integrationId).orElse(null);
        if (integration == null || !sites.isInstalled(integration.tenantId())) {
            return true;
        }
        TaskInstanceId job = IndexingQueue.DISCOVER_REPOSITORIES.instanceId(integrationId);
        if (!siteJobs.enter(job, integration.tenantId())) {
            return false;
        }
        try {
            discover(integration);
        } finally {
            siteJobs.leave(job, integration.tenantId());
        }
        return true;
    }

    private void discover(IntegrationInfo integration) {
        String integrationId = integration.id();
        Map<String, HostRepository> visible = new HashMap<>();
        try {
            connections.asIntegrationAccount(integration).listRepositories(null)
                    .forEach(repository -> visible.put(repository.id(), repository));
        } catch (ProviderException e) {
            log.warn("Could not list the repositories of integration {}: {} ({})", integrationId, e.kind(), e.getMessage());
            return;
        }
        Map<String, IndexedRepository> known = new HashMap<>();
        repositories.findByIntegrationId(integrationId).forEach(repository -> known.put(repository.repository(), repository));

        for (HostRepository repository : visible.values()) {
            IndexedRepository row = Conflicts.retry(() -> transaction.execute(status -> {
                IndexedRepository stored = repositories.findByIntegrationIdAndRepository(integrationId, repository.id())
                        .orElseGet(() -> new IndexedRepository(UUID.randomUUID().toString(), integration.tenantId(),
                                integrationId, repository.id(), integration.type()));
                stored.describe(repository.webUrl(), repository.cloneUrl(), repository.defaultBranch());
                return repositories.save(stored);
            }));
            indexRequests.request(row);
        }
        known.values().stream().filter(stored -> !visible.containsKey(stored.repository())).forEach(cleanup::vanished);
        log.info("Integration {}: {} repositories visible, {} forgotten", integrationId, visible.size(),
                known.keySet().stream().filter(name -> !visible.containsKey(name)).count());
    }
}
