package com.gitbridge.audit;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditEntries extends JpaRepository<AuditEntry, String> {

    List<AuditEntry> findByTenantIdOrderByCreatedAtDesc(String tenantId, Pageable page);

    List<AuditEntry> findByTenantIdAndIntegrationIdOrderByCreatedAtDesc(String tenantId, String integrationId, Pageable page);
}
