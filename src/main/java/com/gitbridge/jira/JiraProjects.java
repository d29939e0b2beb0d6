package com.gitbridge.jira;

import java.util.Set;

/** The project keys of a site, read as the app: issue keys are only ever matched against these. */
public interface JiraProjects {

    Set<String> keys(String tenantId);
}
