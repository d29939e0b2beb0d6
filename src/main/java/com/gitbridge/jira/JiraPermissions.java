package com.gitbridge.jira;

/**
 * Permission checks against Jira, made server-side as the app. A descriptor condition only hides a module; these
 * calls are what protects the API.
 */
public interface JiraPermissions {

    /** Whether the user holds the global {@code ADMINISTER} permission (a Jira administrator). */
    boolean isAdministrator(JiraUser user);

    /**
     * Whether the user may see the issue (by id), its security level included, and holds {@code VIEW_DEV_TOOLS} on
     * it: {@code BROWSE_PROJECTS} and {@code VIEW_DEV_TOOLS} both granted for that issue.
     */
    boolean canUseDevelopmentTools(JiraUser user, String issueId);
}
