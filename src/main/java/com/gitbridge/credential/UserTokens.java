package com.gitbridge.credential;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserTokens extends JpaRepository<UserToken, String> {

    Optional<UserToken> findByTenantIdAndIntegrationIdAndAccountId(String tenantId, String integrationId, String accountId);

    List<UserToken> findByTenantIdAndAccountId(String tenantId, String accountId);

    @Modifying
    @Query("delete from UserToken t where t.tenantId = ?1 and t.integrationId = ?2")
    int deleteByIntegration(String tenantId, String integrationId);
}
