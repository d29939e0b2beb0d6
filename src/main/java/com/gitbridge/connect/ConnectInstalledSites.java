package com.gitbridge.connect;

import com.gitbridge.jira.InstalledSites;
import org.springframework.stereotype.Component;

/**
 * A site is installed while the Connect library's row for it says so. Asked of the database each time, not of the
 * request cache, and without opening the shared secret: a secret that does not open never makes a site look
 * uninstalled, which would have its data swept away.
 */
@Component
class ConnectInstalledSites implements InstalledSites {

    private final AtlassianHostJpaRepository database;

    ConnectInstalledSites(AtlassianHostJpaRepository database) {
        this.database = database;
    }

    @Override
    public boolean isInstalled(String tenantId) {
        return tenantId != null && database.isInstalled(tenantId);
    }
}
