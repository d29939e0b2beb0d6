package com.gitbridge.indexing;

import java.io.IOException;
import java.nio.file.Path;

import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.jira.SiteUninstalled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/** Forgets repositories: their jobs, indexed rows and mirrors. On integration deletion and on uninstall. */
@Component
class IndexCleanup {

    private static final Logger log = LoggerFactory.getLogger(IndexCleanup.class);

    private final IndexedRepositories repositories;
    private final IndexStore gitRows;
    private final PullRequestStore pullRequests;
    private final IndexingQueue queue;
    private final IndexingSettings settings;
    private final TransactionTemplate transaction;

    IndexCleanup(IndexedRepositories repositories, IndexStore gitRows, PullRequestStore pullRequests, IndexingQueue queue,
                 IndexingSettings settings, TransactionTemplate transaction) {
        this.repositories = repositories;
        this.gitRows = gitRows;
        this.pullRequests = pullRequests;
        this.queue = queue;
        this.settings = settings;
        this.transaction = transaction;
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
        transaction.executeWithoutResult(status -> {
            gitRows.deleteRepository(repository.id());
            pullRequests.deleteRepository(repository.id());
            repositories.deleteById(repository.id());
        });
        deleteMirror(mirrorOf(repository.id()));
    }

    Path mirrorOf(String repositoryPk) {
        return settings.mirrors().resolve(repositoryPk + ".git");
    }

    private static void deleteMirror(Path mirror) {
        try {
            FileSystemUtils.deleteRecursively(mirror);
        } catch (IOException e) {
            log.warn("Could not delete mirror {}: {}", mirror, e.getMessage());
        }
    }
}
