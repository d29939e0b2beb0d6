package com.gitbridge.jira;

/**
 * Permission checks against Jira, made server-side as the app. A descriptor condition only hides a module; these
 * calls are what protects the API.
 */
public interface JiraPermissions {

    /** Whether the user holds the global {@code ADMINISTER} permission (a Jira administrator). */
    boolean isAdministrator(JiraUser user);

    /**
     * What the user may do with the issue (by id), its security level included: {@code BROWSE_PROJECTS} granted for
     * that issue makes it visible, {@code VIEW_DEV_TOOLS} as well opens its development tools.
     */
    IssueAccess access(JiraUser user, String issueId);

    /** Whether the user sees the issue and holds {@code VIEW_DEV_TOOLS} on it. */
    default boolean canUseDevelopmentTools(JiraUser user, String issueId) {
        return access(user, issueId) == IssueAccess.DEVELOPMENT_TOOLS;
    }
}
