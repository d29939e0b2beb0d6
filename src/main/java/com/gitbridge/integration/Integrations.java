package com.gitbridge.integration;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface Integrations extends JpaRepository<Integration, String> {

    List<Integration> findByTenantIdOrderByNameAscIdAsc(String tenantId);

    // Written out: Hibernate translates a derived query anew on every call. User actions read with IntegrationForAction.
    @Query("select i from Integration i where i.id = ?1 and i.tenantId = ?2")
    Optional<Integration> findByIdAndTenantId(String id, String tenantId);

    @Query("select distinct i.tenantId from Integration i")
    Set<String> tenantIds();
}
