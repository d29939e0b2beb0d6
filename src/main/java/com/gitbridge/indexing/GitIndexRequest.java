package com.gitbridge.indexing;

import java.util.Objects;
import java.util.function.LongConsumer;

import com.gitbridge.provider.GitRemote;

/**
 * What to index: the repository (its {@code indexed_repository} key and tenant), the remote to fetch it from,
 * whose issue keys to look for, and where to report the number of commits walked so far.
 */
public record GitIndexRequest(String repositoryPk, String tenantId, GitRemote remote, IssueKeyMatcher keys,
                              LongConsumer progress) {

    public GitIndexRequest {
        Objects.requireNonNull(repositoryPk, "repositoryPk");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(keys, "keys");
        progress = progress == null ? walked -> { } : progress;
    }

    @Override
    public String toString() {
        return "GitIndexRequest[" + repositoryPk + "]";
    }
}
