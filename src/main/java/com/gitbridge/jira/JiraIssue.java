package com.gitbridge.jira;

/** An issue as the app reads it from Jira. */
public record JiraIssue(String key, String summary, String projectId, String projectKey) {
}
