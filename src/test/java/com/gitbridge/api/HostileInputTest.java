package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DatabaseSnapshot;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a careless or hostile client sends: bodies that are not JSON or not of the expected shape, huge values, names
 * git would refuse, repository ids that try to walk out of their path, markup in data. Each is a 400
 * {@code VALIDATION} naming the field (or a plain 400/404 for a URL the firewall refuses), never a 5xx; the database
 * is exactly as before and no host hears of it.
 */
class HostileInputTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROJECT_ID = 10000;
    private static final String ISSUE = "ABC-1";

    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String developer = "dev-" + UUID.randomUUID();
    private final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
    private TestTenant site;
    private TestCredential credential;
    private String integrationId;

    @BeforeEach
    void siteWithAnIntegration() throws Exception {
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin).administrator(developer)
                .developer(developer, PROJECT_ID).issue(ISSUE, "Fix the login", PROJECT_ID, "ABC"));
        credential = host.newCredential();
        host.accept(credential, "integration-bot");
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}
                """.formatted(host.baseUrl(), credential.json()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        integrationId = JSON.readTree(created.body()).path("id").asText();
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return http.send(method, path, site.contextJwt(developer), body);
    }

    /** Runs {@code requests}, each must be refused as {@code status}; then nothing stored and no host called. */
    private void refusedWithoutTrace(Runnable requests) {
        var before = DatabaseSnapshot.of(jdbc);
        int hostCalls = host.requestsWithAnyCredential();
        requests.run();
        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
        assertThat(host.requestsWithAnyCredential()).isEqualTo(hostCalls);
    }

    private static void assertNamesField(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("code").asText()).isEqualTo("VALIDATION");
            assertThat(problem.path("errors").has(field)).as("errors of %s name %s", response.body(), field).isTrue();
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private String branchBody(String repository, String source, String name) throws Exception {
        return JSON.writeValueAsString(new java.util.LinkedHashMap<>(java.util.Map.of(
                "integrationId", integrationId, "repository", repository, "sourceBranch", source, "name", name)));
    }

    private String pullRequestBody(String repository, String source, String target, String title, String description)
            throws Exception {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("integrationId", integrationId);
        body.put("repository", repository);
        body.put("sourceBranch", source);
        body.put("targetBranch", target);
        body.put("title", title);
        body.put("description", description);
        return JSON.writeValueAsString(body);
    }

    @Test
    void malformedJsonAndWrongTypesNameTheField() {
        refusedWithoutTrace(() -> {
            assertNamesField(send("POST", "/api/integrations", "{not json"), "body");
            assertNamesField(send("POST", "/api/integrations", "[]"), "body");
            assertNamesField(send("POST", "/api/integrations", "{\"type\":\"GITHUB\",\"name\":{\"a\":1}}"), "name");
            assertNamesField(send("POST", "/api/integrations", "{\"type\":\"GITHUB\",\"requireUserPat\":\"maybe\"}"), "requireUserPat");
            assertNamesField(send("POST", "/api/integrations", "{\"type\":\"GITHUB\",\"credential\":{\"token\":[\"x\"]}}"), "credential.token");
            assertNamesField(send("POST", "/api/integrations", "{\"type\":\"GITHUB\",\"credential\":\"ghp_x\"}"), "credential");
            assertNamesField(send("PATCH", "/api/integrations/" + integrationId, "{\"requireUserPat\":[true]}"), "requireUserPat");
            assertNamesField(send("PATCH", "/api/integrations/" + integrationId, "{\"name\":"), "body");
            assertNamesField(send("PUT", "/api/me/tokens/" + integrationId, "{\"token\":{}}"), "token");
            assertNamesField(send("PUT", "/api/me/tokens/" + integrationId, ""), "body");
            assertNamesField(send("POST", "/api/issues/" + ISSUE + "/branches", "{\"name\":[]}"), "name");
            assertNamesField(send("POST", "/api/issues/" + ISSUE + "/pull-requests", "{\"title\":{\"$gt\":\"\"}}"), "title");
            assertNamesField(send("GET", "/api/audit?limit=lots", null), "limit");
            assertNamesField(send("GET", "/api/issues/" + ISSUE + "/repositories", null), "integrationId");
            assertNamesField(send("GET", "/api/issues/" + ISSUE + "/repository-branches?integrationId=" + integrationId, null),
                    "repository");
        });
    }

    @Test
    void oversizedValuesAreRefusedByName() {
        // Over every field's limit, yet within the 1 MB a body may have (a larger one is a 413: RequestBodyLimitTest).
        String huge = "x".repeat(512 * 1024);
        refusedWithoutTrace(() -> {
            assertNamesField(send("POST", "/api/integrations", """
                    {"type":"GITHUB_ENTERPRISE","name":"%s","baseUrl":"%s","credential":%s}""".formatted(huge, host.baseUrl(),
                    credential.json())), "name");
            assertNamesField(send("POST", "/api/integrations", """
                    {"type":"GITHUB_ENTERPRISE","name":"A","baseUrl":"https://%s.example","credential":%s}""".formatted(huge,
                    credential.json())), "baseUrl");
            assertNamesField(send("PUT", "/api/me/tokens/" + integrationId, "{\"token\":\"" + huge + "\"}"), "token");
            try {
                assertNamesField(send("POST", "/api/issues/" + ISSUE + "/pull-requests",
                        pullRequestBody("acme/web", "abc-1", "main", "T", huge)), "description");
                assertNamesField(send("POST", "/api/issues/" + ISSUE + "/pull-requests",
                        pullRequestBody("acme/web", "abc-1", "main", "T".repeat(256), "")), "title");
                assertNamesField(send("POST", "/api/issues/" + ISSUE + "/branches", branchBody(huge, "main", "abc-1")), "repository");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void tokensNoHttpHeaderCanCarryAreRefusedByName() {
        // Such a token must be refused by name before it reaches a host client, which would fail with a 500 and put
        // the token into the log in its exception message.
        refusedWithoutTrace(() -> {
            for (String token : List.of("ghp_tökén", "ghp_\u00a0x", "ghp_\u2028x", "😀")) {
                String json = "{\"token\":\"" + token + "\"}";
                assertNamesField(send("PUT", "/api/me/tokens/" + integrationId, json), "token");
                assertNamesField(send("POST", "/api/integrations", """
                        {"type":"GITHUB_ENTERPRISE","name":"A","baseUrl":"%s","credential":%s}""".formatted(host.baseUrl(), json)),
                        "credential.token");
                assertNamesField(send("PATCH", "/api/integrations/" + integrationId, "{\"credential\":" + json + "}"),
                        "credential.token");
            }
        });
    }

    @Test
    void namesWithControlCharactersOrTooLongAreRefused() {
        refusedWithoutTrace(() -> {
            for (String name : List.of("a".repeat(101), "bad\u0000name", "esc\u001b[31mred", "new\nline", "   ", "tab\there",
                    "del\u007f")) {
                try {
                    String quoted = JSON.writeValueAsString(name);
                    assertNamesField(send("POST", "/api/integrations", """
                            {"type":"GITHUB_ENTERPRISE","name":%s,"baseUrl":"%s","credential":%s}""".formatted(quoted,
                            host.baseUrl(), credential.json())), "name");
                    assertNamesField(send("PATCH", "/api/integrations/" + integrationId, "{\"name\":" + quoted + "}"), "name");
                } catch (Exception e) {
                    throw new AssertionError(name, e);
                }
            }
        });
    }

    @Test
    void branchNamesGitWouldRefuseNeverReachTheHost() {
        List<String> invalid = List.of("a..b", "x.lock", "feature/x.lock", "-x", "has space", "til~de", "car^et", "co:lon",
                "que?ry", "st*r", "br[acket", "back\\slash", "a@{b", "@", "trailing/", "trailing.", ".hidden", "dir/.hidden",
                "a//b", "/lead", "nul\u0000", "del\u007f", "b".repeat(251), "");
        refusedWithoutTrace(() -> {
            for (String name : invalid) {
                try {
                    assertNamesField(send("POST", "/api/issues/" + ISSUE + "/branches", branchBody("acme/web", "main", name)), "name");
                    assertNamesField(send("POST", "/api/issues/" + ISSUE + "/branches", branchBody("acme/web", name, "abc-1")),
                            "sourceBranch");
                    assertNamesField(send("POST", "/api/issues/" + ISSUE + "/pull-requests",
                            pullRequestBody("acme/web", "abc-1", name, "T", "")), "targetBranch");
                } catch (Exception e) {
                    throw new AssertionError(name, e);
                }
            }
        });
    }

    @Test
    void repositoryIdsThatWalkOutOfTheirPathAreRefused() {
        List<String> tricks = List.of("../etc/passwd", "acme/../../admin", "acme%2Fweb", "..%2F..%2Fuser", "%2e%2e/x",
                "acme/web%00", "acme/web\u0000", "/acme/web", "acme\\..\\web", "..");
        refusedWithoutTrace(() -> {
            for (String repository : tricks) {
                try {
                    assertNamesField(send("POST", "/api/issues/" + ISSUE + "/branches", branchBody(repository, "main", "abc-1")),
                            "repository");
                    assertNamesField(send("POST", "/api/issues/" + ISSUE + "/pull-requests",
                            pullRequestBody(repository, "abc-1", "main", "T", "")), "repository");
                    assertNamesField(send("GET", "/api/issues/" + ISSUE + "/repository-branches?integrationId=" + integrationId
                            + "&repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8), null), "repository");
                } catch (Exception e) {
                    throw new AssertionError(repository, e);
                }
            }
            // Tricks in the URL path itself: the firewall or routing refuses them, as 400 or 404, never more.
            for (String path : List.of("/api/me/tokens/..%2F..%2Fintegrations", "/api/integrations/%2E%2E",
                    "/api/integrations/" + integrationId + "%00", "/api/integrations/..;/audit",
                    "/api/issues/ABC-1%2F..%2F..%2Fintegrations/development", "/api/issues/abc-1/development",
                    "/api/issues/ABC-1%00/suggestions", "/api/me/tokens/" + integrationId + "%2F..")) {
                for (String method : List.of("GET", "PUT", "DELETE")) {
                    var response = send(method, path, method.equals("PUT") ? credential.json() : null);
                    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isIn(400, 404, 405);
                }
            }
        });
    }

    @Test
    void markupInHostDataStaysDataOnEveryPage() throws Exception {
        String script = "<script>alert('xss')</script><img src=x onerror=alert(1)>";
        String repositoryPk = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, reindex_requested, version, error)
                values (?, ?, ?, 'acme/web', 'GITHUB_ENTERPRISE', 'javascript:alert(1)', 'https://ghe.example/acme/web.git',
                    'main', 'FAILED', 1, false, 0, ?)""", repositoryPk, site.clientKey(), integrationId, script);
        jdbc.update("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?, ?, ?, current_timestamp)""",
                repositoryPk, ISSUE, site.clientKey(), "ABC-1 " + script, script);
        jdbc.update("""
                insert into indexed_pull_request (repository_pk, pull_request, issue_key, tenant_id, title, state, url,
                    source_branch, target_branch, author, updated_at) values (?, '7', ?, ?, ?, 'OPEN', 'javascript:alert(1)', ?, 'main', ?, ?)""",
                repositoryPk, ISSUE, site.clientKey(), "ABC-1 " + script, script, script, Timestamp.from(Instant.now()));
        assertThat(send("PATCH", "/api/integrations/" + integrationId, "{\"name\":" + JSON.writeValueAsString(script) + "}")
                .statusCode()).isEqualTo(200);

        // The API hands the text back as JSON data, which no browser renders as a page.
        var development = send("GET", "/api/issues/" + ISSUE + "/development", null);
        assertThat(development.statusCode()).isEqualTo(200);
        assertThat(development.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(development.body()).path("pullRequests").get(0).path("title").asText()).isEqualTo("ABC-1 " + script);

        for (String page : List.of("/pages/admin", "/pages/user-settings",
                "/pages/issue-panel?issueKey=ABC-1&issueId=10001&projectKey=ABC&projectId=10000")) {
            var response = http.get(page, site.pageJwt(developer, "GET", page));
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).doesNotContain("alert(").doesNotContain("onerror");
        }
    }

    private static final Pattern MARKUP_SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function\\s*\\(|setAttribute\\(\\s*'on");
    private static final Pattern HREF_ASSIGNMENT = Pattern.compile("\\.href\\s*=\\s*([^;]+);");

    @Test
    void pageScriptsRenderDataAsTextAndLinkOnlyToWebAddresses() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/static/js"))) {
            scripts = files.filter(file -> file.toString().endsWith(".js")).toList();
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(4);
        for (Path script : scripts) {
            String code = Files.readString(script);
            assertThat(MARKUP_SINKS.matcher(code).find()).as("%s writes markup", script).isFalse();
            assertThat(code).as("%s renders text", script).contains("textContent");
            // Every link target a script sets went through safeUrl (http or https only, never javascript:).
            Matcher href = HREF_ASSIGNMENT.matcher(code);
            while (href.find()) {
                String value = href.group(1).trim();
                assertThat(value).as("%s: .href = %s", script, value).matches("[A-Za-z_$][\\w$]*");
                assertThat(code).as("%s: %s comes from safeUrl", script, value)
                        .containsPattern("var " + Pattern.quote(value) + "\\s*=\\s*safeUrl\\(");
            }
        }
    }
}
