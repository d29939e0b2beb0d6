package com.gitbridge.integration;

import java.util.Set;

import com.gitbridge.jira.SiteData;
import com.gitbridge.jira.SiteUninstalled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a site uninstalls the app its integrations go at once, credentials included; deleting each publishes
 * {@link IntegrationDeleted}, so user tokens and indexed data follow. A reinstall starts clean.
 */
@Component
class UninstalledSiteCleanup implements SiteData {

    private static final Logger log = LoggerFactory.getLogger(UninstalledSiteCleanup.class);

    private final Integrations integrations;
    private final IntegrationAdministration administration;

    UninstalledSiteCleanup(Integrations integrations, IntegrationAdministration administration) {
        this.integrations = integrations;
        this.administration = administration;
    }

    @Override
    public Set<String> sitesWithData() {
        return integrations.tenantIds();
    }

    @EventListener
    void siteUninstalled(SiteUninstalled event) {
        var removed = integrations.findByTenantIdOrderByNameAscIdAsc(event.tenantId());
        removed.forEach(integration -> administration.delete(event.tenantId(), integration.id()));
        log.info("Site {} uninstalled: removed {} integrations with their credentials and user tokens",
                event.tenantId(), removed.size());
    }
}
