package com.gitbridge.jira;

import java.util.Optional;

/** Issues of the user's site, read as the app. */
public interface JiraIssues {

    /** The issue, or empty if the site has no such issue. */
    Optional<JiraIssue> find(JiraUser user, String issueKey);
}
