package com.gitbridge.connect;

import com.atlassian.connect.spring.AtlassianHostRepository;

/** The Connect library's tenant store, on our database (mapping in {@code META-INF/orm.xml}). */
interface AtlassianHostJpaRepository extends AtlassianHostRepository {
}
