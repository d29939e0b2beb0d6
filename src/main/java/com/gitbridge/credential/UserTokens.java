package com.gitbridge.credential;

import java.util.List;
import java.util.Optional;

import com.gitbridge.jira.StoredAccount;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserTokens extends JpaRepository<UserToken, String> {

    // Written out: Hibernate translates a derived query anew on every call, and this one runs on every action.
    @Query("select t from UserToken t where t.tenantId = ?1 and t.integrationId = ?2 and t.accountId = ?3")
    Optional<UserToken> findByTenantIdAndIntegrationIdAndAccountId(String tenantId, String integrationId, String accountId);

    List<UserToken> findByTenantIdAndAccountId(String tenantId, String accountId);

    @Modifying
    @Query("delete from UserToken t where t.tenantId = ?1 and t.integrationId = ?2")
    int deleteByIntegration(String tenantId, String integrationId);

    @Query("select new com.gitbridge.jira.StoredAccount(t.tenantId, t.accountId, max(t.updatedAt)) from UserToken t"
            + " group by t.tenantId, t.accountId")
    List<StoredAccount> storedAccounts();

    @Modifying
    @Query("delete from UserToken t where t.tenantId = ?1 and t.accountId = ?2")
    int deleteByAccount(String tenantId, String accountId);
}
