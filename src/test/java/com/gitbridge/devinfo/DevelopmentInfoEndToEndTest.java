package com.gitbridge.devinfo;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.devinfo.GitCli.Author;
import com.gitbridge.devinfo.GitCli.LoggedCommit;
import com.gitbridge.indexing.GitHttpServer;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DevinfoStub;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The push to Jira's development information end to end: a real git repository served over git's HTTP protocol,
 * indexed by the real scheduler, pushed to a Jira that checks every request ({@link DevinfoStub}). What Jira holds is
 * compared with what {@code git log} says. The index poll and the push sweep are an hour away, so only the first
 * index, the webhook, the panel's actions and the admin's reindex and delete can explain what reaches Jira.
 */
@TestPropertySource(properties = {"db-scheduler.enabled=true", "db-scheduler.polling-interval=500ms",
        "gitbridge.indexing.poll-interval=1h", "gitbridge.jira.development-info.sweep-interval=1h",
        "gitbridge.jira.development-info.first-backoff=300ms"})
class DevelopmentInfoEndToEndTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PROJECTS = Set.of("ABC", "XYZ");
    /** Jira's issue keys of the site's projects: upper case in texts, any case in branch names. */
    private static final Pattern KEY_IN_TEXT = Pattern.compile("(?<![A-Za-z0-9_-])([A-Z][A-Z0-9_]*)-([1-9][0-9]*)(?![A-Za-z0-9])");
    private static final Pattern KEY_IN_BRANCH = Pattern.compile("(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)-([1-9][0-9]*)(?![A-Za-z0-9])");
    private static final Pattern JIRA_ID = Pattern.compile("[A-Za-z0-9~.\\-_]{1,1024}");
    private static final Author ADA = new Author("Ada Lovelace", "ada@example.com");
    private static final Author ALAN = new Author("Alan Turing", "alan.turing@example.org");
    private static final Author GRACE = new Author("Grace Hopper", "grace@example.net");
    private static final String PULL_REQUEST_TITLE = "Fix the login";
    private static final String PULL_REQUEST_BODY = "Also closes XYZ-9";
    private static final String PULL_REQUEST_SOURCE = "abc-1-fix-login";

    @TempDir
    Path work;
    @Autowired
    JdbcTemplate jdbc;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A site with an integration to a GitHub Enterprise whose one repository, acme/web, is real git. */
    private final class Scenario {
        final String admin = "admin-" + UUID.randomUUID();
        final String developer = "dev-" + UUID.randomUUID();
        final String sitePath = "/jira-" + UUID.randomUUID();
        final JiraStub jiraRest = new JiraStub(sitePath).administrator(admin).developer(developer, 10000)
                .issue("ABC-1", "Fix the login", 10000, "ABC");
        final DevinfoStub jira = new DevinfoStub(sitePath);
        final TestTenant site;
        final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        final TestCredential credential = host.newCredential();
        final GitCli source;
        final GitHttpServer gitServer;
        final String api;
        String integrationId;
        String webhookPath;
        String repositoryId;

        Scenario() throws Exception {
            TestHosts.server().stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/project/search")).willReturn(okJson(
                    "{\"values\":[{\"id\":\"10000\",\"key\":\"ABC\"},{\"id\":\"10001\",\"key\":\"XYZ\"}],\"isLast\":true}")));
            site = tenant(jiraRest);
            jira.sharedSecret(site.sharedSecret());
            host.accept(credential, "integration-bot");
            source = GitCli.init(work.resolve("source-" + UUID.randomUUID()));
            toClose.add(source);
            gitServer = new GitHttpServer(source.repository(), "/acme/web.git");
            toClose.add(gitServer);
            gitServer.requireBasic("x-access-token", credential.secret()).inFrontOf(TestHosts.baseUrl());
            api = host.baseUrl().substring(TestHosts.baseUrl().length()) + "/api/v3";
        }

        /** The repository's history: keys in messages and branch names, a real merge, a non-ASCII branch name. */
        void history() {
            source.commit("login.txt", "form\n", "ABC-1 Fix the login form", ADA);
            source.commit("notes.txt", "notes\n", "Unrelated change for XYZ-9 and lower-case abc-1", ALAN);
            source.commit("readme.txt", "readme\n", "Plain change without a key", ADA);
            source.git("checkout", "-q", "-b", "remember-user");
            source.commit("remember.txt", "remember\n", "ABC-2 Remember the user", ALAN);
            source.git("checkout", "-q", "main");
            source.commit("main.txt", "main\n", "ABC-1 Keep main moving", ADA);
            source.mergeNoFastForward("remember-user", "Merge branch 'remember-user' for ABC-2", GRACE);
            source.git("checkout", "-q", "-b", PULL_REQUEST_SOURCE);
            source.commit("login.txt", "fixed form\n", "Tidy the login form\n\nRefs ABC-1 and XYZ-9", ADA);
            source.git("checkout", "-q", "main");
            source.git("branch", "feature/XYZ-9-caf\u00e9", "main");
        }

        void serveRepositoryAndPullRequest() {
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(4)
                    .withHeader("Authorization", equalTo("token " + credential.secret()))
                    .willReturn(okJson("""
                            [{"id":1,"name":"web","full_name":"acme/web","default_branch":"main",
                              "html_url":"https://ghe.example/acme/web","clone_url":"%s"}]""".formatted(gitServer.url()))));
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(4)
                    .withHeader("Authorization", equalTo("token " + credential.secret()))
                    .willReturn(okJson("""
                            [{"number":7,"title":"%s","body":"%s","state":"open",
                              "html_url":"https://ghe.example/acme/web/pull/7","head":{"ref":"%s"},
                              "base":{"ref":"main"},"user":{"login":"alice"},"updated_at":"2030-01-01T00:00:00Z",
                              "merged_at":null}]""".formatted(PULL_REQUEST_TITLE, PULL_REQUEST_BODY, PULL_REQUEST_SOURCE))));
        }

        void addIntegrationAndAwaitBackfill() throws Exception {
            var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                    {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}""".formatted(
                    gitServer.through(host.baseUrl()), credential.json()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode integration = JSON.readTree(created.body());
            integrationId = integration.path("id").asText();
            webhookPath = integration.path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
            repositoryId = JiraIds.repository(integrationId, "acme/web");
            long expectedCommits = source.log().stream().filter(commit -> !keysInText(commit.message()).isEmpty()).count();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(indexState()).isEqualTo("DONE");
                assertThat(jira.held(repositoryId, "commits")).hasSize((int) expectedCommits);
                assertThat(waitingRows()).isZero();
            });
        }

        String indexState() throws Exception {
            JsonNode status = JSON.readTree(http.get("/api/integrations/" + integrationId + "/index-status",
                    site.contextJwt(admin)).body());
            return status.path(0).path("state").asText();
        }

        int waitingRows() {
            return jdbc.queryForObject("select count(*) from devinfo_outbox where tenant_id = ?", Integer.class,
                    site.clientKey());
        }

        /** Issue key → shas of the commits whose message mentions it, from {@code git log}. */
        Map<String, Set<String>> commitsByKey() {
            Map<String, Set<String>> byKey = new TreeMap<>();
            for (LoggedCommit commit : source.log()) {
                keysInText(commit.message()).forEach(key -> byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(commit.sha()));
            }
            return byKey;
        }

        /** Issue key → Jira ids of the branches whose name mentions it, from {@code git for-each-ref}. */
        Map<String, Set<String>> branchesByKey() {
            Map<String, Set<String>> byKey = new TreeMap<>();
            for (String name : source.branches().keySet()) {
                keysInBranch(name).forEach(key -> byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(JiraIds.branch(name)));
            }
            return byKey;
        }

        HttpResponse send(String path, String body) {
            var response = http.send("POST", "/api/issues/ABC-1" + path, site.contextJwt(developer), body);
            return new HttpResponse(response.statusCode(), response.body());
        }

        /** The host creates {@code name} at {@code sha} when asked, as GitHub's refs API does. */
        void hostCreatesBranch(String name, String sha) {
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web/git/refs/heads/main")).atPriority(4)
                    .withHeader("Authorization", equalTo("token " + credential.secret()))
                    .willReturn(okJson("{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"" + sha + "\",\"type\":\"commit\"}}")));
            TestHosts.server().stubFor(post(urlPathEqualTo(api + "/repos/acme/web/git/refs")).atPriority(3)
                    .withHeader("Authorization", equalTo("token " + credential.secret()))
                    .withRequestBody(matchingJsonPath("$.ref", equalTo("refs/heads/" + name)))
                    .willReturn(okJson("{\"ref\":\"refs/heads/" + name + "\",\"object\":{\"sha\":\"" + sha
                            + "\",\"type\":\"commit\"}}").withStatus(201)));
            source.git("branch", name, sha);
            StringBuilder listed = new StringBuilder();
            source.branches().forEach((branch, tip) -> listed.append(listed.isEmpty() ? "" : ",")
                    .append("{\"name\":\"").append(branch).append("\",\"commit\":{\"sha\":\"").append(tip).append("\"}}"));
            TestHosts.server().stubFor(get(urlPathEqualTo(api + "/repos/acme/web/branches")).atPriority(4)
                    .withHeader("Authorization", equalTo("token " + credential.secret()))
                    .willReturn(okJson("[" + listed + "]")));
        }

        /** The bulk requests Jira accepted that carried the entity of this kind and id. */
        List<JsonNode> acceptedBulksWith(String kind, String id) {
            List<JsonNode> found = new ArrayList<>();
            for (ServeEvent event : TestHosts.server().getAllServeEvents()) {
                if (!event.getRequest().getUrl().equals(sitePath + "/rest/devinfo/0.10/bulk")
                        || event.getResponse().getStatus() != 202) {
                    continue;
                }
                JsonNode body = readTree(event.getRequest().getBodyAsString());
                for (JsonNode repository : body.path("repositories")) {
                    for (JsonNode entity : repository.path(kind)) {
                        if (entity.path("id").asText().equals(id)) {
                            found.add(body);
                        }
                    }
                }
            }
            return found;
        }
    }

    record HttpResponse(int status, String body) {
    }

    // ---- the first index

    @Test
    void theFirstIndexReachesJiraAsOneBackfillOfWhatGitLogSays() throws Exception {
        Scenario scenario = new Scenario();
        scenario.history();
        scenario.serveRepositoryAndPullRequest();
        scenario.addIntegrationAndAwaitBackfill();
        DevinfoStub jira = scenario.jira;
        String repositoryId = scenario.repositoryId;

        assertThat(jira.violations()).isEmpty();
        assertThat(jira.repositoryIds()).containsExactly(repositoryId);
        assertThat(jira.pushes()).isNotEmpty().allSatisfy(push -> {
            assertThat(push.operationType()).isEqualTo("BACKFILL");
            assertThat(push.preventTransitions()).isTrue();
            assertThat(push.integrationId()).isEqualTo(scenario.integrationId);
        });

        Map<String, JsonNode> commits = jira.held(repositoryId, "commits");
        Map<String, JsonNode> branches = jira.held(repositoryId, "branches");
        Map<String, JsonNode> pullRequests = jira.held(repositoryId, "pullRequests");
        assertThat(byKey(commits)).isEqualTo(scenario.commitsByKey()).containsKeys("ABC-1", "ABC-2", "XYZ-9");
        assertThat(byKey(branches)).isEqualTo(scenario.branchesByKey());
        Map<String, Set<String>> pullRequestKeys = new TreeMap<>();
        Set<String> expectedPullRequestKeys = new TreeSet<>(keysInText(PULL_REQUEST_TITLE));
        expectedPullRequestKeys.addAll(keysInText(PULL_REQUEST_BODY));
        expectedPullRequestKeys.addAll(keysInBranch(PULL_REQUEST_SOURCE));
        expectedPullRequestKeys.forEach(key -> pullRequestKeys.put(key, Set.of("7")));
        assertThat(byKey(pullRequests)).isEqualTo(pullRequestKeys).containsKeys("ABC-1", "XYZ-9");

        // Each commit as git has it: author, merge flag.
        for (LoggedCommit logged : scenario.source.log()) {
            JsonNode commit = commits.get(logged.sha());
            if (commit == null) {
                continue;
            }
            assertThat(commit.path("author").path("name").asText()).as(logged.sha()).isEqualTo(logged.authorName());
            assertThat(commit.path("author").path("email").asText()).as(logged.sha()).isEqualTo(logged.authorEmail());
            assertThat(commit.path("displayId").asText()).isEqualTo(logged.sha().substring(0, commit.path("displayId").asText().length()));
            assertThat(commit.path("url").asText()).isEqualTo("https://ghe.example/acme/web/commit/" + logged.sha());
            if (logged.parents().size() > 1) {
                assertThat(commit.path("flags")).as("merge commit " + logged.sha()).hasSize(1);
                assertThat(commit.path("flags").get(0).asText()).isEqualTo("MERGE_COMMIT");
            } else {
                assertThat(commit.path("flags")).as(logged.sha()).isEmpty();
            }
        }
        assertThat(scenario.source.log()).filteredOn(logged -> logged.parents().size() > 1)
                .singleElement().satisfies(merge -> assertThat(commits).containsKey(merge.sha()));

        // The lower-case branch is the issue's, with the tip git has; the non-ASCII name has an id Jira takes.
        Map<String, String> tips = scenario.source.branches();
        JsonNode fixLogin = branches.get(JiraIds.branch(PULL_REQUEST_SOURCE));
        assertThat(fixLogin).isNotNull();
        assertThat(fixLogin.path("name").asText()).isEqualTo(PULL_REQUEST_SOURCE);
        assertThat(texts(fixLogin.path("issueKeys"))).containsExactly("ABC-1");
        assertThat(fixLogin.path("lastCommit").path("id").asText()).isEqualTo(tips.get(PULL_REQUEST_SOURCE));
        assertThat(fixLogin.path("lastCommit").path("author").path("email").asText()).isEqualTo(ADA.email());
        assertThat(branches.get(JiraIds.branch("feature/XYZ-9-caf\u00e9"))).isNotNull();
        assertThat(pullRequests.get("7").path("sourceBranchUrl").asText()).isEqualTo(fixLogin.path("url").asText());
        assertThat(pullRequests.get("7").path("status").asText()).isEqualTo("OPEN");

        for (Map<String, JsonNode> entities : List.of(commits, branches, pullRequests)) {
            assertThat(entities.keySet()).allSatisfy(id -> assertThat(id).matches(JIRA_ID));
        }
        assertThat(repositoryId).matches(JIRA_ID);
    }

    // ---- what follows it

    @Test
    void aPushAnnouncedByTheWebhookReachesJiraAsNormalWithinTenSeconds() throws Exception {
        Scenario scenario = new Scenario();
        scenario.history();
        scenario.serveRepositoryAndPullRequest();
        scenario.addIntegrationAndAwaitBackfill();
        int backfillRequests = scenario.jira.pushes().size();

        String pushed = scenario.source.commit("login.txt", "second part\n", "ABC-1 #comment Second part of the fix", GRACE);
        var webhook = http.send("POST", scenario.webhookPath, null,
                "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/web\"}}");
        assertThat(webhook.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                scenario.jira.held(scenario.repositoryId, "commits").containsKey(pushed));
        JsonNode commit = scenario.jira.held(scenario.repositoryId, "commits").get(pushed);
        assertThat(texts(commit.path("issueKeys"))).containsExactly("ABC-1");
        assertThat(commit.path("author").path("email").asText()).isEqualTo(GRACE.email());
        assertThat(scenario.acceptedBulksWith("commits", pushed)).singleElement().satisfies(bulk -> {
            assertThat(bulk.path("operationType").asText()).isEqualTo("NORMAL");
            assertThat(bulk.path("preventTransitions").asBoolean(true)).isFalse();
        });
        assertThat(scenario.jira.pushes().subList(backfillRequests, scenario.jira.pushes().size())).allSatisfy(push -> {
            assertThat(push.operationType()).isEqualTo("NORMAL");
            assertThat(push.preventTransitions()).isFalse();
        });
        assertThat(scenario.jira.violations()).isEmpty();
    }

    @Test
    void aBranchAndPullRequestCreatedFromTheAppReachJiraWithinTenSeconds() throws Exception {
        Scenario scenario = new Scenario();
        scenario.history();
        scenario.serveRepositoryAndPullRequest();
        scenario.addIntegrationAndAwaitBackfill();
        String main = scenario.source.branches().get("main");
        String branchName = "abc-1-fix-the-login";
        scenario.hostCreatesBranch(branchName, main);
        TestHosts.server().stubFor(post(urlPathEqualTo(scenario.api + "/repos/acme/web/pulls")).atPriority(3)
                .withHeader("Authorization", equalTo("token " + scenario.credential.secret()))
                .willReturn(okJson("""
                        {"number":42,"title":"ABC-1 Fix the login","state":"open","html_url":"https://ghe.example/acme/web/pull/42",
                         "head":{"ref":"%s"},"base":{"ref":"main"},"user":{"login":"integration-bot"}}""".formatted(branchName))
                        .withStatus(201)));

        var branch = scenario.send("/branches", """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"main","name":"%s"}"""
                .formatted(scenario.integrationId, branchName));
        assertThat(branch.status()).as(branch.body()).isEqualTo(201);
        String branchId = JiraIds.branch(branchName);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scenario.jira.held(scenario.repositoryId, "branches").containsKey(branchId));
        JsonNode held = scenario.jira.held(scenario.repositoryId, "branches").get(branchId);
        assertThat(texts(held.path("issueKeys"))).containsExactly("ABC-1");
        assertThat(held.path("lastCommit").path("id").asText()).isEqualTo(main);
        assertThat(held.path("url").asText()).isEqualTo("https://ghe.example/acme/web/tree/" + branchName);
        assertThat(held.path("createPullRequestUrl").asText()).startsWith("https://ghe.example/acme/web/").contains(branchName);
        assertThat(scenario.acceptedBulksWith("branches", branchId)).allSatisfy(bulk -> {
            assertThat(bulk.path("operationType").asText()).isEqualTo("NORMAL");
            assertThat(bulk.path("preventTransitions").asBoolean(true)).isFalse();
        });

        var pullRequest = scenario.send("/pull-requests", """
                {"integrationId":"%s","repository":"acme/web","sourceBranch":"%s","targetBranch":"main",
                 "title":"ABC-1 Fix the login","description":"Opened from Jira"}""".formatted(scenario.integrationId, branchName));
        assertThat(pullRequest.status()).as(pullRequest.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scenario.jira.held(scenario.repositoryId, "pullRequests").containsKey("42"));
        JsonNode heldPullRequest = scenario.jira.held(scenario.repositoryId, "pullRequests").get("42");
        assertThat(heldPullRequest.path("sourceBranchUrl").asText()).isEqualTo(held.path("url").asText());
        assertThat(heldPullRequest.path("status").asText()).isEqualTo("OPEN");
        assertThat(scenario.acceptedBulksWith("pullRequests", "42")).allSatisfy(bulk ->
                assertThat(bulk.path("operationType").asText()).isEqualTo("NORMAL"));

        // The same from the create-branch page Jira's Development panel opens.
        String pageBranch = "abc-1-from-the-page";
        scenario.hostCreatesBranch(pageBranch, main);
        String pagePath = "/pages/create-branch?issueKey=ABC-1&issueSummary="
                + URLEncoder.encode("Fix the login", StandardCharsets.UTF_8).replace("+", "%20");
        var opened = http.get(pagePath + "&jwt=" + scenario.site.pageJwt(scenario.developer, "GET", pagePath), null);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        Document page = Jsoup.parse(opened.body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("pageToken", page.selectFirst("form#create-branch-form input[name=pageToken]").val());
        form.put("issueKey", "ABC-1");
        form.put("integrationId", scenario.integrationId);
        form.put("repositoryQuery", "");
        form.put("repository", "acme/web");
        form.put("sourceBranch", "main");
        form.put("name", pageBranch);
        form.put("step", "create");
        var created = http.postForm("/pages/create-branch", form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(Jsoup.parse(created.body()).selectFirst("#created h2")).isNotNull();
        String pageBranchId = JiraIds.branch(pageBranch);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scenario.jira.held(scenario.repositoryId, "branches").containsKey(pageBranchId));
        assertThat(scenario.jira.held(scenario.repositoryId, "branches").get(pageBranchId).path("lastCommit")
                .path("id").asText()).isEqualTo(main);
        assertThat(scenario.jira.violations()).isEmpty();
    }

    @Test
    void deletedBranchesRepositoriesAndIntegrationsAreDeletedInJira() throws Exception {
        Scenario scenario = new Scenario();
        scenario.history();
        scenario.serveRepositoryAndPullRequest();
        scenario.addIntegrationAndAwaitBackfill();
        String repositoryId = scenario.repositoryId;
        String gone = JiraIds.branch("feature/XYZ-9-caf\u00e9");
        assertThat(scenario.jira.held(repositoryId, "branches")).containsKey(gone);

        // A branch deleted on the host and reindexed.
        scenario.source.git("branch", "-D", "feature/XYZ-9-caf\u00e9");
        reindex(scenario);
        String branchPath = "/rest/devinfo/0.10/repository/" + repositoryId + "/branch/" + gone;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scenario.jira.deletions())
                .extracting(DevinfoStub.Deletion::path).contains(branchPath));
        assertThat(scenario.jira.held(repositoryId, "branches")).doesNotContainKey(gone)
                .containsKey(JiraIds.branch(PULL_REQUEST_SOURCE));

        // The repository the integration no longer sees.
        TestHosts.server().stubFor(get(urlPathEqualTo(scenario.api + "/user/repos")).atPriority(3)
                .withHeader("Authorization", equalTo("token " + scenario.credential.secret())).willReturn(okJson("[]")));
        reindex(scenario);
        String repositoryPath = "/rest/devinfo/0.10/repository/" + repositoryId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scenario.jira.deletions())
                .extracting(DevinfoStub.Deletion::path).contains(repositoryPath));
        assertThat(scenario.jira.repositoryIds()).doesNotContain(repositoryId);

        // The integration deleted.
        var deleted = http.send("DELETE", "/api/integrations/" + scenario.integrationId,
                scenario.site.contextJwt(scenario.admin), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scenario.jira.deletions())
                .anySatisfy(deletion -> {
                    assertThat(deletion.path()).isEqualTo("/rest/devinfo/0.10/bulkByProperties");
                    assertThat(deletion.query()).containsEntry("integrationId", scenario.integrationId);
                }));
        assertThat(scenario.jira.violations()).isEmpty();
    }

    private void reindex(Scenario scenario) {
        assertThat(http.send("POST", "/api/integrations/" + scenario.integrationId + "/reindex",
                scenario.site.contextJwt(scenario.admin), null).statusCode()).isEqualTo(202);
    }

    // ---- what git says

    static Set<String> keysInText(String text) {
        return keys(KEY_IN_TEXT.matcher(text));
    }

    static Set<String> keysInBranch(String name) {
        return keys(KEY_IN_BRANCH.matcher(name));
    }

    private static Set<String> keys(Matcher matcher) {
        Set<String> keys = new TreeSet<>();
        while (matcher.find()) {
            String project = matcher.group(1).toUpperCase(java.util.Locale.ROOT);
            if (PROJECTS.contains(project)) {
                keys.add(project + "-" + matcher.group(2));
            }
        }
        return keys;
    }

    /** Issue key → ids of the entities Jira holds for it. */
    private static Map<String, Set<String>> byKey(Map<String, JsonNode> entities) {
        Map<String, Set<String>> byKey = new TreeMap<>();
        entities.forEach((id, entity) -> texts(entity.path("issueKeys"))
                .forEach(key -> byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(id)));
        return byKey;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
