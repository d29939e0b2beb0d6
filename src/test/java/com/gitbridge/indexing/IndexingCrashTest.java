package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The database is killed while the scheduler stores a large repository's commits, as a crash would leave it: part of
 * the rows written, the job picked by a run that can no longer finish. When the database is back, the scheduler's
 * dead-execution detection revives the job by itself and the repository ends with exactly one row per commit and key.
 */
@TestPropertySource(properties = {"db-scheduler.enabled=true", "db-scheduler.polling-interval=500ms",
        "gitbridge.indexing.poll-interval=1h", "db-scheduler.heartbeat-interval=1s", "db-scheduler.missed-heartbeats-limit=4"})
class IndexingCrashTest extends AppTestBase {

    private static final int COMMITS = 20_000;
    private static final PostgresServer POSTGRES = PostgresServer.startDedicated();
    private static String databaseUrl;

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        databaseUrl = POSTGRES.useFreshDatabaseOf(registry);
        registry.add("gitbridge.indexing.mirrors", () -> work.resolve("mirrors").toString());
    }

    @AfterAll
    static void startAgainForTheNextTest() throws Exception {
        if (!POSTGRES.isRunning()) {
            POSTGRES.start();
        }
    }

    @Test
    void databaseKilledInTheMiddleOfALargeIndexLosesNothingAndDuplicatesNothing() throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        String sitePath = "/jira-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub(sitePath).administrator(admin));
        TestHosts.server().stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/project/search"))
                .willReturn(okJson("{\"values\":[{\"id\":\"10000\",\"key\":\"ABC\"}],\"isLast\":true}")));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");

        try (SourceRepository source = SourceRepository.create(work.resolve("source"));
             GitHttpServer git = new GitHttpServer(source.repository(), "/acme/web.git")) {
            source.commits(COMMITS, i -> "ABC-" + i + " change " + i);
            git.requireBasic("x-access-token", credential.secret()).inFrontOf(TestHosts.baseUrl());
            String api = host.baseUrl().substring(TestHosts.baseUrl().length()) + "/api/v3";
            var auth = equalTo("token " + credential.secret());
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(4).withHeader("Authorization", auth)
                    .willReturn(okJson("""
                            [{"id":1,"name":"web","full_name":"acme/web","default_branch":"main",
                              "html_url":"https://ghe.example/acme/web","clone_url":"%s"}]""".formatted(git.url()))));
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(4)
                    .withHeader("Authorization", auth).willReturn(okJson("[]")));

            var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                    {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}"""
                    .formatted(git.through(host.baseUrl()), credential.json()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> count("select count(*) from indexed_commit") > 0);
            POSTGRES.stopImmediately();
            POSTGRES.start();
            long partial = count("select count(*) from indexed_commit");
            assertThat(partial).as("rows stored before the crash").isBetween(1L, COMMITS - 1L);
            assertThat(text("select state from indexed_repository")).isEqualTo("INDEXING");

            long restarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "DONE".equals(text("select state from indexed_repository")));
            System.out.printf("Indexing crash: %d of %d commit rows stored when the database died; DONE %d ms after it "
                    + "came back%n", partial, COMMITS, Duration.ofNanos(System.nanoTime() - restarted).toMillis());
        }

        assertThat(count("select count(*) from indexed_commit")).isEqualTo(COMMITS);
        assertThat(count("select count(distinct sha) from indexed_commit")).isEqualTo(COMMITS);
        Set<String> expectedKeys = IntStream.rangeClosed(1, COMMITS).mapToObj(i -> "ABC-" + i).collect(Collectors.toSet());
        assertThat(keys()).isEqualTo(expectedKeys);
        assertThat(count("select commits_indexed from indexed_repository")).isEqualTo(COMMITS);
        assertThat(count("select count(*) from scheduled_tasks where task_name = 'index-repository'")).isZero();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl, POSTGRES.username(), "");
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String text(String sql) throws SQLException {
        try (Connection connection = connect(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    private static Set<String> keys() throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection connection = connect();
             ResultSet result = connection.createStatement().executeQuery("select issue_key from indexed_commit")) {
            while (result.next()) {
                keys.add(result.getString(1));
            }
        }
        return keys;
    }
}
