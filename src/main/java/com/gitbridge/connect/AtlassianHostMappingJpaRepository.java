package com.gitbridge.connect;

import com.atlassian.connect.spring.AtlassianHostMappingRepository;
import org.springframework.transaction.annotation.Transactional;

/** Forge installation id to Connect client key, as the Connect library records it on install. */
interface AtlassianHostMappingJpaRepository extends AtlassianHostMappingRepository {

    @Override
    @Transactional
    long deleteByClientKey(String clientKey);
}
