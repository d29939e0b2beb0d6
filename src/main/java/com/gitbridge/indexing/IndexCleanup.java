package com.gitbridge.indexing;

import java.util.Set;

import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.jira.SiteData;
import com.gitbridge.jira.SiteUninstalled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Forgets repositories: their jobs, indexed rows and mirrors. On integration deletion and on uninstall. */
@Component
class IndexCleanup implements SiteData {

    private static final Logger log = LoggerFactory.getLogger(IndexCleanup.class);

    private final IndexedRepositories repositories;
    private final GitIndexer git;
    private final PullRequestStore pullRequests;
    private final IndexingQueue queue;
    private final TransactionTemplate transaction;

    IndexCleanup(IndexedRepositories repositories, GitIndexer git, PullRequestStore pullRequests, IndexingQueue queue,
                 TransactionTemplate transaction) {
        this.repositories = repositories;
        this.git = git;
        this.pullRequests = pullRequests;
        this.queue = queue;
        this.transaction = transaction;
    }

    @Override
    public Set<String> sitesWithData() {
        return repositories.tenantIds();
    }

    @EventListener
    void integrationDeleted(IntegrationDeleted event) {
        repositories.findByIntegrationId(event.integrationId()).forEach(this::forget);
    }

    @EventListener
    void siteUninstalled(SiteUninstalled event) {
        repositories.findByTenantId(event.tenantId()).forEach(this::forget);
        log.info("Removed the indexed data of uninstalled site {}", event.tenantId());
    }

    void forget(IndexedRepository repository) {
        queue.cancel(repository.id());
        git.delete(repository.id());
        transaction.executeWithoutResult(status -> {
            pullRequests.deleteRepository(repository.id());
            repositories.deleteById(repository.id());
        });
    }
}
