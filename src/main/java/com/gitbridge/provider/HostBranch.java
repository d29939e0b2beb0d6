package com.gitbridge.provider;

/** A branch on a git host: its name (without {@code refs/heads/}), the commit it points at, and its page. */
public record HostBranch(String name, String commitSha, String webUrl) {
}
