package com.gitbridge.audit;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * One entry of the audit trail. Entries are only ever added, with an id made beforehand: {@link Persistable} tells
 * Spring Data so, or it would read the row before every insert to see whether it exists.
 */
@Entity
@Table(name = "audit_entry")
class AuditEntry implements Persistable<String> {

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
    @Transient
    private boolean stored;

    protected AuditEntry() {
    }

    AuditEntry(String id, AuditRecord record, Instant createdAt) {
        this.id = id;
        this.tenantId = record.tenantId();
        this.accountId = record.accountId();
        this.integrationId = record.integrationId();
        this.repository = clip(record.repository(), 300);
        this.action = record.action().name();
        this.target = clip(record.target(), 300);
        this.credentialKind = record.credentialKind();
        this.hostLogin = clip(record.hostLogin(), 255);
        this.outcome = record.outcome();
        this.detail = clip(record.detail(), 500);
        this.createdAt = createdAt;
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    String id() {
        return id;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
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
