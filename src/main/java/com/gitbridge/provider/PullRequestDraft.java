package com.gitbridge.provider;

/** What a pull (or merge) request should be. Branch names are without {@code refs/heads/}. */
public record PullRequestDraft(String sourceBranch, String targetBranch, String title, String description) {
}
