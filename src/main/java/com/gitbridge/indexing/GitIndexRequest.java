package com.gitbridge.indexing;

import java.util.Objects;
import java.util.function.LongConsumer;

import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * What to index: the repository (its {@code indexed_repository} key and tenant), where to fetch it with which
 * credentials, whose issue keys to look for, and where to report the number of commits walked so far.
 */
public record GitIndexRequest(String repositoryPk, String tenantId, String cloneUrl, CredentialsProvider credentials,
                              IssueKeyMatcher keys, LongConsumer progress) {

    public GitIndexRequest {
        Objects.requireNonNull(repositoryPk, "repositoryPk");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(cloneUrl, "cloneUrl");
        Objects.requireNonNull(keys, "keys");
        progress = progress == null ? walked -> { } : progress;
    }

    @Override
    public String toString() {
        return "GitIndexRequest[" + repositoryPk + "]";
    }
}
