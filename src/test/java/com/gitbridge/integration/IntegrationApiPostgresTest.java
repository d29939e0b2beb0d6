package com.gitbridge.integration;

import com.gitbridge.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The integration API tests again, on a real PostgreSQL. */
class IntegrationApiPostgresTest extends IntegrationApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
    }
}
