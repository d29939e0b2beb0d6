package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Indexing with the real scheduler (four threads) when a site's host is hostile: a git server that never answers
 * holds at most that site's share of the threads, and a repository too large for its mirror quota fails with a
 * reason an admin can read. The git fetch waits up to 90 s here, so only the site limit lets another site through.
 */
@TestPropertySource(properties = {"db-scheduler.enabled=true", "db-scheduler.polling-interval=200ms",
        "gitbridge.indexing.poll-interval=1h", "gitbridge.indexing.mirror-quota=64KB",
        "gitbridge.indexing.runs-per-site=2", "gitbridge.provider.read-timeout=90s"})
class IndexingLimitsTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int SLOW_REPOSITORIES = 5;

    @TempDir
    Path work;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSiteWhoseGitServerHoldsEveryFetchLeavesThreadsForTheOtherSites() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (SourceRepository slowSource = SourceRepository.create(work.resolve("slow"));
             SourceRepository fastSource = SourceRepository.create(work.resolve("fast"));
             GitHttpServer slowGit = new GitHttpServer(slowSource.repository(), "/acme/web.git").holdUntil(release);
             GitHttpServer fastGit = new GitHttpServer(fastSource.repository(), "/acme/web.git")) {
            slowSource.commit("ABC-1 On the slow host");
            fastSource.commit("ABC-2 On the fast host");
            String slow = integration(slowGit, SLOW_REPOSITORIES);
            await().atMost(Duration.ofSeconds(30)).until(() -> slowGit.held() >= 2);

            String fast = integration(fastGit, 1);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(states(fast)).containsExactly("DONE"));
            assertThat(slowGit.mostHeld()).as("the slow site's fetches under way at once").isEqualTo(2);
            assertThat(states(slow)).hasSize(SLOW_REPOSITORIES).doesNotContain("DONE");

            release.countDown();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(states(slow)).hasSize(SLOW_REPOSITORIES).containsOnly("DONE"));
            assertThat(slowGit.mostHeld()).isEqualTo(2);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRepositoryOverItsMirrorQuotaFailsWithTheReason() throws Exception {
        try (SourceRepository source = SourceRepository.create(work.resolve("large"));
             GitHttpServer git = new GitHttpServer(source.repository(), "/acme/web.git")) {
            source.commits(2_000, i -> "ABC-" + i + " change " + i);

            String integration = integration(git, 1);

            // A list, not one row: until discovery has stored the repository there is none.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select state, error from indexed_repository where integration_id = ?", integration))
                    .containsExactly(Map.of("state", "FAILED", "error", "The repository's mirror exceeds the 64 KB quota")));
            assertThat(jdbc.queryForObject("select count(*) from indexed_commit c join indexed_repository r "
                    + "on r.id = c.repository_pk where r.integration_id = ?", Integer.class, integration)).isZero();
        }
    }

    /**
     * A new site with a GitHub Enterprise integration whose account sees {@code repositories} repositories, all
     * cloned from {@code git}; the integration's id.
     */
    private String integration(GitHttpServer git, int repositories) throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        String sitePath = "/jira-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub(sitePath).administrator(admin));
        TestHosts.server().stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/project/search"))
                .willReturn(okJson("{\"values\":[{\"id\":\"10000\",\"key\":\"ABC\"}],\"isLast\":true}")));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        git.requireBasic("x-access-token", credential.secret()).inFrontOf(TestHosts.baseUrl());
        String api = host.baseUrl().substring(TestHosts.baseUrl().length()) + "/api/v3";
        var auth = equalTo("token " + credential.secret());
        String listed = IntStream.rangeClosed(1, repositories).mapToObj(i -> """
                {"id":%1$d,"name":"web-%1$d","full_name":"acme/web-%1$d","default_branch":"main",
                 "html_url":"https://ghe.example/acme/web-%1$d","clone_url":"%2$s"}""".formatted(i, git.url()))
                .collect(Collectors.joining(","));
        TestHosts.server().stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(4).withHeader("Authorization", auth)
                .willReturn(okJson("[" + listed + "]")));
        for (int i = 1; i <= repositories; i++) {
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web-" + i)).atPriority(4)
                    .withHeader("Authorization", auth).willReturn(okJson("""
                            {"id":%1$d,"name":"web-%1$d","full_name":"acme/web-%1$d","default_branch":"main",
                             "html_url":"https://ghe.example/acme/web-%1$d","clone_url":"%2$s",
                             "owner":{"login":"acme"}}""".formatted(i, git.url()))));
        }
        TestHosts.server().stubFor(get(urlPathMatching(api + "/repos/acme/web-[0-9]+/pulls")).atPriority(4)
                .withHeader("Authorization", auth).willReturn(okJson("[]")));
        // The API through the git server, so that clone URLs are on the integration's own origin.
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}"""
                .formatted(git.through(host.baseUrl()), credential.json()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private List<String> states(String integrationId) {
        return jdbc.queryForList("select state from indexed_repository where integration_id = ?", String.class,
                integrationId);
    }
}
