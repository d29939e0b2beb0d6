package com.gitbridge.jira;

/**
 * Permission checks against Jira, made server-side as the app. A descriptor condition only hides a module; these
 * calls are what protects the API.
 */
public interface JiraPermissions {

    /** Whether the user holds the global {@code ADMINISTER} permission (a Jira administrator). */
    boolean isAdministrator(JiraUser user);

    /** Whether the user holds {@code VIEW_DEV_TOOLS} on the project (by id). */
    boolean canViewDevTools(JiraUser user, String projectId);
}
