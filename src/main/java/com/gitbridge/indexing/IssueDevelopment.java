package com.gitbridge.indexing;

import java.time.Instant;
import java.util.List;

/** What indexing found for one issue. */
public record IssueDevelopment(List<Commit> commits, List<Branch> branches, List<PullRequest> pullRequests) {

    public record Commit(String sha, String message, String author, Instant date, String url, String repository,
                         String integrationId) {
    }

    public record Branch(String name, String url, String repository, String integrationId) {
    }

    public record PullRequest(String id, String title, String state, String url, String sourceBranch, String targetBranch,
                              String author, Instant updatedAt, String repository, String integrationId) {
    }
}
