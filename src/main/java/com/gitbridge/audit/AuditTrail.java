package com.gitbridge.audit;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records who did what with which credential. Written in its own transaction, so failures are recorded too. */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    /** Stands for the actor of an entry once that Jira account was closed: the event stays, the person goes. */
    public static final String CLOSED_ACCOUNT = "closed-account";

    private final AuditEntries entries;
    private final Clock clock;

    AuditTrail(AuditEntries entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(AuditRecord record) {
        entries.save(new AuditEntry(UUID.randomUUID().toString(), record, clock.instant()));
        log.info("{} in {} of integration {} with {} as {}: {}", record.action(), record.repository(),
                record.integrationId(), record.credentialKind(), record.hostLogin(), record.outcome());
    }
}
