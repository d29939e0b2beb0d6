package com.gitbridge.jira;

import java.util.Set;

/**
 * A feature that stores data of sites. Each names the sites it holds something for, so that the data of a site
 * that uninstalled the app without its {@link SiteUninstalled} cleanup having run (a failure, the app down) is still
 * found and removed.
 */
public interface SiteData {

    /** Every site this feature holds something for. */
    Set<String> sitesWithData();
}
