package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.devinfo.DevelopmentInfoOutbox;
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
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The whole indexing path with the real scheduler: an admin adds an integration, its repository (a real git
 * repository on disk) is discovered and indexed, the issue's development data shows the commit and branch; a new
 * push shows after the webhook fires. The poll is an hour away, so only the webhook can explain the second result.
 * Jira's development information hears of the first index once it is done, then of each change, and of the
 * repository's removal when the integration no longer sees it.
 */
@TestPropertySource(properties = {"db-scheduler.enabled=true", "db-scheduler.polling-interval=500ms",
        "gitbridge.indexing.poll-interval=1h"})
class IndexingEndToEndTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    @Autowired
    JdbcTemplate jdbc;
    @MockitoSpyBean
    DevelopmentInfoOutbox outbox;

    @Test
    void addedIntegrationIsIndexedAndAPushShowsAfterTheWebhook() throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        String developer = "dev-" + UUID.randomUUID();
        String sitePath = "/jira-" + UUID.randomUUID();
        JiraStub jira = new JiraStub(sitePath).administrator(admin).developer(developer, 10000)
                .issue("ABC-1", "Fix the login", 10000, "ABC");
        TestHosts.server().stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/project/search"))
                .willReturn(okJson("{\"values\":[{\"id\":\"10000\",\"key\":\"ABC\"}],\"isLast\":true}")));
        TestTenant site = tenant(jira);

        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        try (SourceRepository source = SourceRepository.create(work.resolve("source"));
             GitHttpServer gitServer = new GitHttpServer(source.repository(), "/acme/web.git")) {
            gitServer.requireBasic("x-access-token", credential.secret());
            source.commit("ABC-1 Fix the login form");
            source.commit("Unrelated change for XYZ-9 and lower-case abc-1");
            source.branch("abc-1-fix-the-login");
            indexAndPush(site, developer, admin, host, credential, source, gitServer, sitePath);
        }
    }

    private void indexAndPush(TestTenant site, String developer, String admin, GitHubEnterpriseHost host,
                              TestCredential credential, SourceRepository source, GitHttpServer gitServer,
                              String sitePath) throws Exception {
        gitServer.inFrontOf(TestHosts.baseUrl());
        String api = host.baseUrl().substring(TestHosts.baseUrl().length()) + "/api/v3";
        TestHosts.server().stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(4)
                .withHeader("Authorization", equalTo("token " + credential.secret()))
                .willReturn(okJson("""
                        [{"id":1,"name":"web","full_name":"acme/web","default_branch":"main",
                          "html_url":"https://ghe.example/acme/web","clone_url":"%s"}]""".formatted(gitServer.url()))));
        TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(4)
                .withHeader("Authorization", equalTo("token " + credential.secret()))
                .willReturn(okJson("[]")));

        var created = JSON.readTree(http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}""".formatted(
                gitServer.through(host.baseUrl()), credential.json())).body());
        String integrationId = created.path("id").asText();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(development(site, developer).path("commits")).hasSize(1);
            assertThat(JSON.readTree(http.get("/api/integrations/" + integrationId + "/index-status", site.contextJwt(admin)).body())
                    .get(0).path("state").asText()).isEqualTo("DONE");
        });
        JsonNode found = development(site, developer);
        assertThat(found.path("commits").get(0).path("message").asText()).startsWith("ABC-1 Fix the login form");
        assertThat(found.path("commits").get(0).path("url").asText()).startsWith("https://ghe.example/acme/web/commit/");
        assertThat(found.path("branches").get(0).path("name").asText()).isEqualTo("abc-1-fix-the-login");
        JsonNode status = JSON.readTree(http.get("/api/integrations/" + integrationId + "/index-status", site.contextJwt(admin)).body());
        assertThat(status.get(0).path("state").asText()).isEqualTo("DONE");
        assertThat(status.get(0).path("commitsIndexed").asLong()).isEqualTo(2);
        String repositoryPk = jdbc.queryForObject("select id from indexed_repository where integration_id = ?",
                String.class, integrationId);
        // The first full index reaches Jira as one backfill, announced once it is done, and nothing else.
        verify(outbox).repositoryIndexed(site.clientKey(), repositoryPk);
        verify(outbox, never()).commitsChanged(anyString(), anyString(), anyCollection());
        verify(outbox, never()).branchesChanged(anyString(), anyString(), anyCollection());
        verify(outbox, never()).pullRequestsChanged(anyString(), anyString(), anyCollection());

        TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(3)
                .withHeader("Authorization", equalTo("token " + credential.secret()))
                .willReturn(okJson("""
                        [{"number":7,"title":"ABC-1 Second part","body":null,"state":"closed",
                          "html_url":"https://ghe.example/acme/web/pull/7","head":{"ref":"abc-1-fix-the-login"},
                          "base":{"ref":"main"},"user":{"login":"alice"},"updated_at":"2030-01-01T00:00:00Z",
                          "merged_at":null}]""")));
        String second = source.commit("ABC-1 Second part of the fix");
        String webhookPath = created.path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
        assertThat(http.send("POST", webhookPath, null, "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/web\"}}")
                .statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(development(site, developer).path("commits")).hasSize(2));
        assertThat(development(site, developer).path("commits").get(0).path("message").asText()).startsWith("ABC-1 Second part");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                verify(outbox).pullRequestsChanged(site.clientKey(), repositoryPk, List.of("7")));
        verify(outbox).commitsChanged(eq(site.clientKey()), eq(repositoryPk),
                argThat(shas -> List.copyOf(shas).equals(List.of(second))));
        assertThat(jdbc.queryForMap("select state, display_id from indexed_pull_request where pull_request = '7'"))
                .containsEntry("state", "CLOSED").containsEntry("display_id", "#7");
        verify(outbox, times(1)).repositoryIndexed(anyString(), anyString());

        // The integration no longer sees the repository: Jira is told to delete it.
        TestHosts.server().stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(3)
                .withHeader("Authorization", equalTo("token " + credential.secret()))
                .willReturn(okJson("[]")));
        assertThat(http.send("POST", "/api/integrations/" + integrationId + "/reindex", site.contextJwt(admin), null)
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                verify(outbox).repositoryRemoved(site.clientKey(), integrationId, "acme/web"));
        assertThat(jdbc.queryForObject("select count(*) from indexed_repository where id = ?", Integer.class,
                repositoryPk)).isZero();
    }

    private JsonNode development(TestTenant site, String account) throws Exception {
        var response = http.get("/api/issues/ABC-1/development", site.contextJwt(account));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

}
