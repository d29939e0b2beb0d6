package com.gitbridge.indexing;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface IndexedRepositories extends JpaRepository<IndexedRepository, String> {

    List<IndexedRepository> findByTenantIdAndIntegrationIdOrderByRepositoryAsc(String tenantId, String integrationId);

    List<IndexedRepository> findByIntegrationId(String integrationId);

    List<IndexedRepository> findByTenantId(String tenantId);

    @Query("select distinct r.tenantId from IndexedRepository r")
    Set<String> tenantIds();

    Optional<IndexedRepository> findByIntegrationIdAndRepository(String integrationId, String repository);

    @Modifying
    @Query("update IndexedRepository r set r.commitsIndexed = ?2 where r.id = ?1")
    int progress(String id, long commitsIndexed);

    /** Asks a run under way to go again when it ends; bumps the version so that run's own update re-reads this. */
    @Modifying
    @Query("update IndexedRepository r set r.reindexRequested = true, r.version = r.version + 1 where r.id = ?1")
    int requestReindex(String id);

    @Modifying
    @Query("update IndexedRepository r set r.state = com.gitbridge.indexing.IndexState.QUEUED, r.version = r.version + 1 "
            + "where r.id = ?1 and r.state <> com.gitbridge.indexing.IndexState.INDEXING")
    int markQueued(String id);
}
