package com.gitbridge.jira;

/** A Jira site uninstalled the app: what the app holds for it goes. */
public record SiteUninstalled(String tenantId) {
}
