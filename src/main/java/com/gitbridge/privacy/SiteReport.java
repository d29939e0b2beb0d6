package com.gitbridge.privacy;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** When a site's stored account ids are next due to be reported. */
@Entity
@Table(name = "personal_data_report")
class SiteReport {

    @Id
    private String tenantId;
    private Instant nextReportAt;

    protected SiteReport() {
    }

    SiteReport(String tenantId, Instant nextReportAt) {
        this.tenantId = tenantId;
        this.nextReportAt = nextReportAt;
    }

    Instant nextReportAt() {
        return nextReportAt;
    }
}
