package com.gitbridge.privacy;

import org.springframework.data.jpa.repository.JpaRepository;

interface SiteReports extends JpaRepository<SiteReport, String> {
}
