package com.gitbridge.indexing;

import java.util.Set;

import com.gitbridge.devinfo.DevelopmentInfoOutbox;
import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.jira.SiteData;
import com.gitbridge.jira.SiteUninstalled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgets repositories: their jobs, indexed rows and mirrors. On integration deletion and on uninstall, which Jira's
 * development information learns of by itself; and when the integration no longer sees a repository, which it is
 * told of here.
 */
@Component
class IndexCleanup implements SiteData {

    private static final Logger log = LoggerFactory.getLogger(IndexCleanup.class);

    private final IndexedRepositories repositories;
    private final GitIndexer git;
    private final PullRequestStore pullRequests;
    private final IndexingQueue queue;
    private final TransactionTemplate transaction;
    private final DevelopmentInfoOutbox outbox;

    IndexCleanup(IndexedRepositories repositories, GitIndexer git, PullRequestStore pullRequests, IndexingQueue queue,
                 TransactionTemplate transaction, DevelopmentInfoOutbox outbox) {
        this.repositories = repositories;
        this.git = git;
        this.pullRequests = pullRequests;
        this.queue = queue;
        this.transaction = transaction;
        this.outbox = outbox;
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

    /** Forgets a repository of an integration that is being deleted, or whose site is: Jira is not told. */
    void forget(IndexedRepository repository) {
        forget(repository, false);
    }

    /** Forgets a repository the integration no longer sees, and tells Jira in the transaction that deletes its row. */
    void vanished(IndexedRepository repository) {
        forget(repository, true);
    }

    private void forget(IndexedRepository repository, boolean tellJira) {
        queue.cancel(repository.id());
        git.delete(repository.id());
        transaction.executeWithoutResult(status -> {
            pullRequests.deleteRepository(repository.id());
            repositories.deleteById(repository.id());
            if (tellJira) {
                outbox.repositoryRemoved(repository.tenantId(), repository.integrationId(), repository.repository());
            }
        });
    }
}
