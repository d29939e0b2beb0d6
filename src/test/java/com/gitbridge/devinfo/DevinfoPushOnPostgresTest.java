package com.gitbridge.devinfo;

import com.gitbridge.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same pushes with the app on PostgreSQL: the entity queries, cursors and state upserts hold there too. */
class DevinfoPushOnPostgresTest extends DevinfoPushTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
    }
}
