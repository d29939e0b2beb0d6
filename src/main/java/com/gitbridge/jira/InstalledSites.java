package com.gitbridge.jira;

/** Which sites have the app installed now. Background jobs act only for these; a request's JWT already says so. */
public interface InstalledSites {

    /** Whether the site is known and has the app installed, as the database says now. */
    boolean isInstalled(String tenantId);
}
