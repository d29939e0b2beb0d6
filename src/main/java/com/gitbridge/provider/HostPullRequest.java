package com.gitbridge.provider;

/**
 * A pull request (GitLab: merge request) on a git host.
 *
 * @param id    the host's number for it (GitHub number, GitLab iid, Azure pullRequestId, CodeCommit id), as text
 * @param state {@code OPEN}, {@code MERGED} or {@code CLOSED}
 */
public record HostPullRequest(String id, String title, String state, String webUrl,
                              String sourceBranch, String targetBranch) {
}
