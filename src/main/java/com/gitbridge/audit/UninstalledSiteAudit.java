package com.gitbridge.audit;

import com.gitbridge.jira.SiteUninstalled;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** An uninstalled site's audit trail goes with it: nothing of the site is kept. */
@Component
class UninstalledSiteAudit {

    private final JdbcTemplate jdbc;

    UninstalledSiteAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void siteUninstalled(SiteUninstalled event) {
        jdbc.update("delete from audit_entry where tenant_id = ?", event.tenantId());
    }
}
