package com.gitbridge.privacy;

import com.gitbridge.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The personal data reporting tests again, on a real PostgreSQL (migration, grouping queries, updates). */
class PersonalDataReportingPostgresTest extends PersonalDataReportingTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
    }
}
