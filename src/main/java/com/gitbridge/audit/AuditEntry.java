package com.gitbridge.audit;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of the audit trail as it is read back. Entries are added by {@link AuditTrail}, never through JPA. */
@Entity
@Table(name = "audit_entry")
class AuditEntry {

    @Id
    private String id;
    private String tenantId;
    private String accountId;
    private String integrationId;
    private String repository;
    private String action;
    private String target;
    private String credentialKind;
    private String hostLogin;
    private String outcome;
    private String detail;
    private Instant createdAt;

    protected AuditEntry() {
    }

    String id() {
        return id;
    }

    String accountId() {
        return accountId;
    }

    String integrationId() {
        return integrationId;
    }

    String repository() {
        return repository;
    }

    String action() {
        return action;
    }

    String target() {
        return target;
    }

    String credentialKind() {
        return credentialKind;
    }

    String hostLogin() {
        return hostLogin;
    }

    String outcome() {
        return outcome;
    }

    String detail() {
        return detail;
    }

    Instant createdAt() {
        return createdAt;
    }
}
