package com.gitbridge.connect;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.gitbridge.jira.InstalledSites;
import com.gitbridge.jira.SiteData;
import com.gitbridge.jira.SiteUninstalled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Removes what the app still holds of sites that are uninstalled, or unknown, though their uninstall cleanup should
 * have removed it (a listener failed, the app was down when Jira called), by announcing {@link SiteUninstalled} for
 * each, as an uninstall does. Runs every {@code gitbridge.cleanup.sweep-interval} ({@link CleanupJobs}).
 */
@Component
class UninstalledSiteSweep {

    private static final Logger log = LoggerFactory.getLogger(UninstalledSiteSweep.class);

    private final List<SiteData> holders;
    private final InstalledSites sites;
    private final ApplicationEventPublisher events;

    UninstalledSiteSweep(List<SiteData> holders, InstalledSites sites, ApplicationEventPublisher events) {
        this.holders = holders;
        this.sites = sites;
        this.events = events;
    }

    /** @return how many sites had their data removed */
    int sweep() {
        Set<String> withData = new TreeSet<>();
        holders.forEach(holder -> withData.addAll(holder.sitesWithData()));
        int removed = 0;
        for (String site : withData) {
            // Asked per site, after its data was seen: a site that installs meanwhile is installed here.
            if (sites.isInstalled(site)) {
                continue;
            }
            try {
                events.publishEvent(new SiteUninstalled(site));
                log.info("Removed the data of site {}, which is not installed", site);
                removed++;
            } catch (RuntimeException e) {
                log.warn("Removing the data of site {}, which is not installed, failed; the next sweep tries again: {}",
                        site, e.getClass().getSimpleName());
            }
        }
        return removed;
    }
}
