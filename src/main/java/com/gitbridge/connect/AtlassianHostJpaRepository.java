package com.gitbridge.connect;


import com.atlassian.connect.spring.AtlassianHostRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * The Connect library's tenant store, on our database (mapping in {@code META-INF/orm.xml}). Its rows hold the
 * shared secret sealed: only {@link CachedAtlassianHostRepository} reads whole rows, and opens them.
 */
interface AtlassianHostJpaRepository extends AtlassianHostRepository {

    @Query("select count(h) > 0 from AtlassianHost h where h.clientKey = ?1 and h.addonInstalled = true")
    boolean isInstalled(String clientKey);
}
