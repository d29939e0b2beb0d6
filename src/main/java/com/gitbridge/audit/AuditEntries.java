package com.gitbridge.audit;

import java.util.List;

import com.gitbridge.jira.StoredAccount;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AuditEntries extends JpaRepository<AuditEntry, String> {

    List<AuditEntry> findByTenantIdOrderByCreatedAtDesc(String tenantId, Pageable page);

    List<AuditEntry> findByTenantIdAndIntegrationIdOrderByCreatedAtDesc(String tenantId, String integrationId, Pageable page);

    @Query("select new com.gitbridge.jira.StoredAccount(e.tenantId, e.accountId, max(e.createdAt)) from AuditEntry e"
            + " where e.accountId is not null and e.accountId <> '" + AuditTrail.CLOSED_ACCOUNT + "'"
            + " group by e.tenantId, e.accountId")
    List<StoredAccount> storedAccounts();

    /** The host login a user's own PAT acted as is that person's too. */
    @Modifying
    @Query("update AuditEntry e set e.hostLogin = null where e.tenantId = ?1 and e.accountId = ?2 and e.credentialKind = 'USER_PAT'")
    int clearUserHostLogins(String tenantId, String accountId);

    @Modifying
    @Query("update AuditEntry e set e.accountId = '" + AuditTrail.CLOSED_ACCOUNT + "' where e.tenantId = ?1 and e.accountId = ?2")
    int markClosed(String tenantId, String accountId);
}
