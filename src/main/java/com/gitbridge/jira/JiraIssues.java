package com.gitbridge.jira;

import java.util.Optional;

/** Issues of the user's site, read as the app. */
public interface JiraIssues {

    /**
     * The issue, or empty if the site has no such issue, as Jira answered in the last few minutes: good for its
     * project, which changes only when the issue moves (and gets a new key), not for its summary.
     */
    Optional<JiraIssue> find(JiraUser user, String issueKey);

    /** The issue as Jira has it now, or empty if the site has no such issue. */
    Optional<JiraIssue> findCurrent(JiraUser user, String issueKey);
}
