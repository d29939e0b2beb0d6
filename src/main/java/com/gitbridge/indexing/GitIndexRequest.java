package com.gitbridge.indexing;

import java.util.Objects;
import java.util.function.LongConsumer;

import com.gitbridge.provider.GitRemote;

/**
 * What to index: the repository (its {@code indexed_repository} key and tenant), the remote to fetch it from,
 * whose issue keys to look for, whether it is the repository's first full index, and where to report the number
 * of commits walked so far.
 *
 * @param firstIndex no index of the repository has completed yet: what it stores reaches Jira as one backfill when
 *                   it completes, so nothing of it is announced on its own
 */
public record GitIndexRequest(String repositoryPk, String tenantId, GitRemote remote, IssueKeyMatcher keys,
                              boolean firstIndex, LongConsumer progress) {

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
