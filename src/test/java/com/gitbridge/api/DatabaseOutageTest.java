package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database dies under the running app (PostgreSQL killed as a crash would) and comes back on the same port:
 * meanwhile the API and pages answer 503 quickly and health says DOWN; afterwards the app serves again by itself,
 * and the requests that failed left no rows behind.
 */
class DatabaseOutageTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FAST_FAILURE = Duration.ofSeconds(5);
    private static final PostgresServer POSTGRES = PostgresServer.startDedicated();

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.useFreshDatabaseOf(registry);
    }

    @AfterAll
    static void startAgainForTheNextTest() throws Exception {
        if (!POSTGRES.isRunning()) {
            POSTGRES.start();
        }
    }

    @Test
    void outageGivesQuick503sAndHealthDownThenServiceResumesWithoutARestart() throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        assertThat(createIntegration(site, admin, host, credential, "Before").statusCode()).isEqualTo(201);
        assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
        String page = "/pages/user-settings";

        POSTGRES.stopImmediately();

        long started = System.nanoTime();
        HttpResponse<String> tokens = http.get("/api/me/tokens", site.contextJwt(admin));
        Duration firstFailure = Duration.ofNanos(System.nanoTime() - started);
        assertServiceUnavailable(tokens);
        assertThat(firstFailure).isLessThan(FAST_FAILURE);
        assertServiceUnavailable(http.get("/api/integrations", site.contextJwt(admin)));
        assertServiceUnavailable(createIntegration(site, admin, host, credential, "During the outage"));
        HttpResponse<String> pageDuringOutage = http.get(page, site.pageJwt(admin, "GET", page));
        // The site may still be known from the last few seconds (the JWT check keeps it briefly); the page itself reads
        // nothing from the database, its data comes from the API above. It never fails with a 500.
        assertThat(pageDuringOutage.statusCode()).isIn(200, 503);
        assertThat(pageDuringOutage.body()).doesNotContain("Exception", site.sharedSecret());
        started = System.nanoTime();
        HttpResponse<String> health = http.get("/actuator/health", null);
        Duration healthAnswer = Duration.ofNanos(System.nanoTime() - started);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(healthAnswer).isLessThan(FAST_FAILURE);

        POSTGRES.start();
        started = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/actuator/health", null).statusCode() == 200);
        Duration recovery = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Database outage: first API failure after %d ms, health answered in %d ms, "
                        + "healthy again %d ms after the database accepted connections%n",
                firstFailure.toMillis(), healthAnswer.toMillis(), recovery.toMillis());

        assertThat(http.get("/api/me/tokens", site.contextJwt(admin)).statusCode()).isEqualTo(200);
        assertThat(http.get(page, site.pageJwt(admin, "GET", page)).statusCode()).isEqualTo(200);
        assertThat(createIntegration(site, admin, host, credential, "After").statusCode()).isEqualTo(201);
        assertThat(jdbc.queryForList("select name from integration where tenant_id = ? order by created_at",
                String.class, site.clientKey())).containsExactly("Before", "After");
    }

    private HttpResponse<String> createIntegration(TestTenant site, String admin, GitHubEnterpriseHost host,
                                                   TestCredential credential, String name) {
        return http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"%s","baseUrl":"%s","credential":%s}
                """.formatted(name, host.baseUrl(), credential.json()));
    }

    private static void assertServiceUnavailable(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    }
}
