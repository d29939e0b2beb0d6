package com.gitbridge.audit;

import java.util.HashSet;
import java.util.Set;

import com.gitbridge.jira.SiteData;
import com.gitbridge.jira.SiteUninstalled;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** An uninstalled site's audit trail goes with it: nothing of the site is kept. */
@Component
class UninstalledSiteAudit implements SiteData {

    private final JdbcTemplate jdbc;

    UninstalledSiteAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> sitesWithData() {
        return new HashSet<>(jdbc.queryForList("select distinct tenant_id from audit_entry", String.class));
    }

    @EventListener
    void siteUninstalled(SiteUninstalled event) {
        jdbc.update("delete from audit_entry where tenant_id = ?", event.tenantId());
    }
}
