package com.gitbridge.jira;

/** An issue as the app reads it from Jira; {@code id} is Jira's numeric issue id, which permission checks name. */
public record JiraIssue(String id, String key, String summary, String projectId, String projectKey) {
}
