package com.gitbridge.indexing;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asks for a repository to be indexed, from a webhook or discovery: queued at once (or when its host's rate limit
 * ends), or, when a run is already under way, that run goes again when it ends, so no push is missed.
 */
@Component
class IndexRequests {

    private final IndexingQueue queue;
    private final IndexedRepositories repositories;
    private final TransactionTemplate transaction;

    IndexRequests(IndexingQueue queue, IndexedRepositories repositories, TransactionTemplate transaction) {
        this.queue = queue;
        this.repositories = repositories;
        this.transaction = transaction;
    }

    void request(IndexedRepository repository) {
        boolean queued = queue.index(repository.id(), repository.deferredUntil());
        transaction.executeWithoutResult(status -> {
            if (queued) {
                repositories.markQueued(repository.id());
            } else {
                repositories.requestReindex(repository.id());
            }
        });
    }
}
