package com.gitbridge.jira;

/** Links into the user's Jira site. */
public interface JiraLinks {

    /** The app's user-settings page, opened inside Jira. */
    String userSettings(JiraUser user);
}
