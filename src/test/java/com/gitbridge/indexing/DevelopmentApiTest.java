package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code GET /api/issues/{key}/development} reads the index of the asking site only, behind Jira's permission check. */
class DevelopmentApiTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private final String developer = "dev-" + UUID.randomUUID();
    private final String outsider = "out-" + UUID.randomUUID();
    private TestTenant site;
    private TestTenant otherSite;

    @BeforeEach
    void twoSitesWithIndexedData() {
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).developer(developer, 10000)
                .issue("ABC-1", "Fix the login", 10000, "ABC").issue("ABC-2", "Other", 10000, "ABC"));
        otherSite = tenant(new JiraStub("/jira-" + UUID.randomUUID()).developer(developer, 10000)
                .issue("ABC-1", "Same key elsewhere", 10000, "ABC"));
        String github = repository(site, "GITHUB_ENTERPRISE", "acme/web", "https://ghe.example/acme/web");
        String gitlab = repository(site, "GITLAB_SELF_MANAGED", "group/api", "https://gitlab.example/group/api");
        String elsewhere = repository(otherSite, "GITHUB", "other/secret", "https://github.com/other/secret");

        commit(github, site, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ABC-1 Fix the login\n\nDetails", "Alice", "2026-11-01T10:00:00Z");
        commit(gitlab, site, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ABC-1 <script>alert(1)</script>", "Bob", "2026-11-02T10:00:00Z");
        commit(github, site, "cccccccccccccccccccccccccccccccccccccccc", "ABC-2 something else", "Alice", "2026-11-03T10:00:00Z");
        commit(elsewhere, otherSite, "dddddddddddddddddddddddddddddddddddddddd", "ABC-1 of the other site", "Eve", "2026-11-04T10:00:00Z");
        jdbc.update("insert into indexed_branch (repository_pk, name, issue_key, tenant_id) values (?, ?, ?, ?)",
                github, "abc-1-fix-the-login", "ABC-1", site.clientKey());
        jdbc.update("insert into indexed_branch (repository_pk, name, issue_key, tenant_id) values (?, ?, ?, ?)",
                elsewhere, "abc-1-other", "ABC-1", otherSite.clientKey());
        jdbc.update("""
                insert into indexed_pull_request (repository_pk, pull_request, issue_key, tenant_id, title, state, url,
                    source_branch, target_branch, author, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                github, "42", "ABC-1", site.clientKey(), "ABC-1 Fix the login", "MERGED",
                "https://ghe.example/acme/web/pull/42", "abc-1-fix-the-login", "main", "alice", Timestamp.from(Instant.parse("2026-11-05T10:00:00Z")));
    }

    private String repository(TestTenant tenant, String type, String path, String webUrl) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, reindex_requested, version)
                values (?, ?, ?, ?, ?, ?, ?, 'main', 'DONE', 0, false, 0)""",
                id, tenant.clientKey(), UUID.randomUUID().toString(), path, type, webUrl, webUrl + ".git");
        return id;
    }

    private void commit(String repository, TestTenant tenant, String sha, String message, String author, String at) {
        String key = message.substring(0, 5);
        jdbc.update("insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at) values (?, ?, ?, ?, ?, ?, ?)",
                repository, sha, key, tenant.clientKey(), message, author, Timestamp.from(Instant.parse(at)));
    }

    private JsonNode development(TestTenant tenant, String account, String key) throws Exception {
        var response = http.get("/api/issues/" + key + "/development", tenant.contextJwt(account));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void returnsTheIssuesCommitsBranchesAndPullRequestsWithLinksNewestFirst() throws Exception {
        JsonNode found = development(site, developer, "ABC-1");

        assertThat(found.path("commits")).hasSize(2);
        JsonNode newest = found.path("commits").get(0);
        assertThat(newest.path("sha").asText()).startsWith("bbbb");
        assertThat(newest.path("url").asText()).isEqualTo("https://gitlab.example/group/api/-/commit/" + "b".repeat(40));
        assertThat(newest.path("author").asText()).isEqualTo("Bob");
        assertThat(newest.path("repository").asText()).isEqualTo("group/api");
        assertThat(found.path("commits").get(1).path("url").asText()).isEqualTo("https://ghe.example/acme/web/commit/" + "a".repeat(40));
        assertThat(found.path("commits").get(1).path("date").asText()).isEqualTo("2026-11-01T10:00:00Z");

        assertThat(found.path("branches")).hasSize(1);
        assertThat(found.path("branches").get(0).path("url").asText()).isEqualTo("https://ghe.example/acme/web/tree/abc-1-fix-the-login");
        assertThat(found.path("pullRequests")).hasSize(1);
        assertThat(found.path("pullRequests").get(0).path("state").asText()).isEqualTo("MERGED");
        assertThat(found.path("pullRequests").get(0).path("author").asText()).isEqualTo("alice");
    }

    @Test
    void neverShowsAnotherSitesDataForTheSameKey() throws Exception {
        JsonNode mine = development(site, developer, "ABC-1");
        assertThat(mine.toString()).doesNotContain("other/secret").doesNotContain("dddd").doesNotContain("abc-1-other");

        JsonNode theirs = development(otherSite, developer, "ABC-1");
        assertThat(theirs.path("commits")).hasSize(1);
        assertThat(theirs.toString()).doesNotContain("acme/web").doesNotContain("group/api");
    }

    @Test
    void answersUsersWhoCannotBrowseTheProjectAsForAnUnknownIssue() throws Exception {
        var refused = http.get("/api/issues/ABC-1/development", site.contextJwt(outsider));
        var unknown = http.get("/api/issues/ABC-9/development", site.contextJwt(outsider));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(refused.body()).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(refused.body().replace("ABC-1", "ABC-9")).isEqualTo(unknown.body());
        assertThat(http.get("/api/issues/ABC-404/development", site.contextJwt(developer)).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/issues/not-a-key/development", site.contextJwt(developer)).statusCode()).isEqualTo(404);
    }
}
