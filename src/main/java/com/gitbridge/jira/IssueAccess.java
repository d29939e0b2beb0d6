package com.gitbridge.jira;

/** What a user may do with one issue, as Jira answers for that issue (its security level applied). */
public enum IssueAccess {
    /** The user cannot see the issue: for them it does not exist. */
    HIDDEN,
    /** The user sees the issue but lacks {@code VIEW_DEV_TOOLS} on it. */
    VISIBLE,
    /** The user sees the issue and holds {@code VIEW_DEV_TOOLS}: its development data and actions are theirs. */
    DEVELOPMENT_TOOLS
}
