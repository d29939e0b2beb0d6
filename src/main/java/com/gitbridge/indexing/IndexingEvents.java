package com.gitbridge.indexing;

import com.gitbridge.integration.IntegrationSaved;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** A new or re-credentialed integration is indexed at once, not at the next poll. */
@Component
class IndexingEvents {

    private final IndexingQueue queue;

    IndexingEvents(IndexingQueue queue) {
        this.queue = queue;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void integrationSaved(IntegrationSaved event) {
        queue.discover(event.integrationId());
    }
}
