package com.gitbridge.integration;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface Integrations extends JpaRepository<Integration, String> {

    List<Integration> findByTenantIdOrderByNameAscIdAsc(String tenantId);

    Optional<Integration> findByIdAndTenantId(String id, String tenantId);
}
