package com.gitbridge.credential;

import com.gitbridge.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The user token tests again, on a real PostgreSQL. */
class UserTokenApiPostgresTest extends UserTokenApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
    }
}
