package com.gitbridge.indexing;

import java.util.function.LongConsumer;

import org.eclipse.jgit.transport.CredentialsProvider;

// STAND-IN until the real indexer is merged.
record GitIndexRequest(String repositoryPk, String tenantId, String cloneUrl, CredentialsProvider credentials,
                       IssueKeyMatcher keys, LongConsumer progress) {
}
