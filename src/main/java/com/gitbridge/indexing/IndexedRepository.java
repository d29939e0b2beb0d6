package com.gitbridge.indexing;

import java.time.Instant;

import com.gitbridge.provider.ProviderType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A repository an integration account can see, and how far indexing it has come. */
@Entity
@Table(name = "indexed_repository")
class IndexedRepository {

    @Id
    private String id;
    private String tenantId;
    private String integrationId;
    private String repository;
    @Enumerated(EnumType.STRING)
    private ProviderType hostType;
    private String webUrl;
    private String cloneUrl;
    private String defaultBranch;
    @Enumerated(EnumType.STRING)
    private IndexState state;
    /** The last finished run's count while no run is going; a running index's progress otherwise. */
    private long commitsIndexed;
    private long commitsDone;
    private Instant lastIndexedAt;
    private String error;
    private Instant pullRequestsSince;
    private Instant deferredUntil;
    private boolean reindexRequested;
    @Version
    private long version;

    protected IndexedRepository() {
    }

    IndexedRepository(String id, String tenantId, String integrationId, String repository, ProviderType hostType) {
        this.id = id;
        this.tenantId = tenantId;
        this.integrationId = integrationId;
        this.repository = repository;
        this.hostType = hostType;
        this.state = IndexState.QUEUED;
    }

    void describe(String webUrl, String cloneUrl, String defaultBranch) {
        this.webUrl = webUrl;
        this.cloneUrl = cloneUrl;
        this.defaultBranch = defaultBranch;
    }

    void indexing() {
        state = IndexState.INDEXING;
        reindexRequested = false;
        error = null;
    }

    void done(long commitsIndexed, Instant pullRequestsSince, Instant at) {
        this.state = IndexState.DONE;
        this.commitsIndexed = commitsIndexed;
        this.commitsDone = commitsIndexed;
        this.pullRequestsSince = pullRequestsSince;
        this.lastIndexedAt = at;
        this.error = null;
        this.deferredUntil = null;
    }

    void failed(String error) {
        this.state = IndexState.FAILED;
        this.commitsIndexed = commitsDone;
        this.error = error == null ? "Indexing failed" : error.length() > 1000 ? error.substring(0, 1000) : error;
    }

    /** Failed for a reason that a run before {@code until} would meet again. */
    void failedUntil(String error, Instant until) {
        failed(error);
        this.deferredUntil = until;
    }

    void deferUntil(Instant until, String reason) {
        this.deferredUntil = until;
        this.state = IndexState.QUEUED;
        this.error = reason;
    }

    String id() {
        return id;
    }

    String tenantId() {
        return tenantId;
    }

    String integrationId() {
        return integrationId;
    }

    String repository() {
        return repository;
    }

    ProviderType hostType() {
        return hostType;
    }

    String webUrl() {
        return webUrl;
    }

    String cloneUrl() {
        return cloneUrl;
    }

    IndexState state() {
        return state;
    }

    long commitsIndexed() {
        return commitsIndexed;
    }

    /** What the last finished run counted: the base the next run adds its walk to. */
    long commitsDone() {
        return commitsDone;
    }

    Instant lastIndexedAt() {
        return lastIndexedAt;
    }

    String error() {
        return error;
    }

    Instant pullRequestsSince() {
        return pullRequestsSince;
    }

    Instant deferredUntil() {
        return deferredUntil;
    }

    boolean reindexRequested() {
        return reindexRequested;
    }
}
