package com.gitbridge.issue;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.devinfo.DevelopmentInfoOutbox;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.SimulatedHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A branch or pull request created from an issue shows in the issue's development data at once, without waiting
 * for the next index, and Jira's development information is told of it in the same transaction.
 */
class CreatedFromTheAppTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUE = "ABC-1";

    @Autowired
    JdbcTemplate jdbc;
    @MockitoSpyBean
    DevelopmentInfoOutbox outbox;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String developer = "dev-" + UUID.randomUUID();
    private final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
    private TestTenant site;
    private String integrationId;
    private String repositoryPk;

    @BeforeEach
    void anIntegrationWithARepositoryNotIndexedYet() {
        String sitePath = "/jira-" + UUID.randomUUID();
        site = tenant(new JiraStub(sitePath).administrator(admin).developer(developer, 10000)
                .issue(ISSUE, "Fix the login", 10000, "ABC"));
        TestHosts.server().stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/project/search"))
                .willReturn(okJson("{\"values\":[{\"id\":\"10000\",\"key\":\"ABC\"}],\"isLast\":true}")));
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        integrationId = addIntegration(site, admin, host, credential, false);
        // As discovery leaves it (background jobs are off in tests): known, its first index not completed.
        repositoryPk = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, reindex_requested, version)
                values (?, ?, ?, 'acme/web', 'GITHUB_ENTERPRISE', 'https://ghe.example/acme/web',
                    'https://ghe.example/acme/web.git', 'main', 'QUEUED', 0, false, 0)""",
                repositoryPk, site.clientKey(), integrationId);
        clearInvocations(outbox);
    }

    @Test
    void aCreatedBranchAndPullRequestShowAtOnce() throws Exception {
        assertThat(development().path("branches")).isEmpty();

        var branch = send("/branches", """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1-fix-the-login"}""");
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(201);
        JsonNode afterBranch = development();
        assertThat(afterBranch.path("branches")).hasSize(1);
        assertThat(afterBranch.path("branches").get(0).path("name").asText()).isEqualTo("abc-1-fix-the-login");
        assertThat(afterBranch.path("branches").get(0).path("url").asText())
                .isEqualTo("https://ghe.example/acme/web/tree/abc-1-fix-the-login");
        assertThat(afterBranch.path("branches").get(0).path("integrationId").asText()).isEqualTo(integrationId);
        assertThat(jdbc.queryForObject("select tip_sha from indexed_branch where repository_pk = ?", String.class,
                repositoryPk)).isEqualTo(SimulatedHost.SOURCE_SHA);

        var pullRequest = send("/pull-requests", """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"abc-1-fix-the-login","targetBranch":"main",
                 "title":"ABC-1 Fix the login","description":"Opened from Jira"}""");
        assertThat(pullRequest.statusCode()).as(pullRequest.body()).isEqualTo(201);
        JsonNode pulls = development().path("pullRequests");
        assertThat(pulls).hasSize(1);
        assertThat(pulls.get(0).path("id").asText()).isEqualTo("42");
        assertThat(pulls.get(0).path("state").asText()).isEqualTo("OPEN");
        assertThat(pulls.get(0).path("url").asText()).isEqualTo("https://ghe.example/acme/web/pull/42");
        assertThat(pulls.get(0).path("sourceBranch").asText()).isEqualTo("abc-1-fix-the-login");
        Map<String, Object> row = jdbc.queryForMap("select display_id, comment_count, author from indexed_pull_request "
                + "where repository_pk = ?", repositoryPk);
        assertThat(row.get("display_id")).isEqualTo("#42");
        assertThat(((Number) row.get("comment_count")).intValue()).isZero();
        assertThat(row.get("author")).isEqualTo("integration-bot");

        // Its first full index has not completed: the backfill that follows it carries both.
        verify(outbox, never()).branchesChanged(anyString(), anyString(), anyCollection());
        verify(outbox, never()).pullRequestsChanged(anyString(), anyString(), anyCollection());
    }

    @Test
    void onceTheRepositoryWasIndexedJiraIsToldOfWhatIsCreated() throws Exception {
        jdbc.update("update indexed_repository set state = 'DONE', last_indexed_at = ?, version = version + 1 where id = ?",
                Timestamp.from(Instant.now()), repositoryPk);

        assertThat(send("/branches", """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"abc-1-fix-the-login"}""")
                .statusCode()).isEqualTo(201);
        verify(outbox).branchesChanged(site.clientKey(), repositoryPk, List.of("abc-1-fix-the-login"));

        assertThat(send("/pull-requests", """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"abc-1-fix-the-login","targetBranch":"main",
                 "title":"ABC-1 Fix the login","description":""}""").statusCode()).isEqualTo(201);
        verify(outbox).pullRequestsChanged(site.clientKey(), repositoryPk, List.of("42"));
        verify(outbox, never()).repositoryIndexed(any(), any());
    }

    private java.net.http.HttpResponse<String> send(String path, String body) {
        return http.send("POST", "/api/issues/" + ISSUE + path, site.contextJwt(developer), body.formatted(integrationId));
    }

    private JsonNode development() throws Exception {
        var response = http.get("/api/issues/" + ISSUE + "/development", site.contextJwt(developer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
