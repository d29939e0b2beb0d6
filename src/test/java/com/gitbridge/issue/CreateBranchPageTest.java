package com.gitbridge.issue;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.gitbridge.testing.PageAssertions.assertEveryControlIsLabelled;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithRepositories;
import com.gitbridge.testing.hosts.TestCredential;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * {@code /pages/create-branch}, as Jira's Development panel opens it in a browser tab: the JWT in the URL, then the
 * page's own form posts. Through the real filter chain, Jira's permission checks (stub) and a simulated GitHub
 * Enterprise server.
 */
class CreateBranchPageTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROJECT_ID = 10000;
    private static final String ISSUE = "ABC-1";
    private static final String SUMMARY = "Fix the login";
    private static final String PAGE = "/pages/create-branch";

    /** A site with an admin, a developer, a user who only browses, and one integration to a GitHub Enterprise. */
    private final class Site {
        final String admin = "admin-" + UUID.randomUUID();
        final String alice = "alice-" + UUID.randomUUID();
        final String viewer = "viewer-" + UUID.randomUUID();
        final GitHubEnterpriseWithRepositories host = new GitHubEnterpriseWithRepositories();
        final TestCredential integrationCredential = host.newCredential();
        final JiraStub jira;
        final TestTenant tenant;
        final String integrationId;

        Site(boolean requireUserPat) {
            jira = new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin).developer(alice, PROJECT_ID)
                    .browser(viewer, PROJECT_ID).issue(ISSUE, SUMMARY, PROJECT_ID, "ABC")
                    .issue("ABC-2", "Secret work", PROJECT_ID, "ABC").secured("ABC-2");
            tenant = tenant(jira);
            host.accept(integrationCredential, "integration-bot");
            integrationId = addIntegration(tenant, admin, host, integrationCredential, requireUserPat);
        }

        /** The page's URL as Jira fills the template, without its jwt parameter. */
        String path(String issueKey) {
            return PAGE + "?issueKey=" + encode(issueKey) + "&issueSummary=" + encode(SUMMARY);
        }

        String signedUrl(String account, String issueKey) {
            String path = path(issueKey);
            return path + "&jwt=" + tenant.pageJwt(account, "GET", path);
        }

        HttpResponse<String> open(String account, String issueKey) {
            return http.get(signedUrl(account, issueKey), null);
        }

        JsonNode audit() throws Exception {
            return JSON.readTree(http.get("/api/audit", tenant.contextJwt(admin)).body());
        }

        int hostCalls() {
            return TestHosts.server().findAll(anyRequestedFor(urlPathMatching(host.apiPath() + "/.*"))).size();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Document html(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        return Jsoup.parse(response.body());
    }

    /** What the page's form posts when {@code step} is pressed, with {@code fields} filled in. */
    private static Map<String, String> post(Document page, String step, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        Element element = page.selectFirst("form#create-branch-form");
        assertThat(element).isNotNull();
        form.put("pageToken", element.selectFirst("input[name=pageToken]").val());
        form.put("issueKey", element.selectFirst("input[name=issueKey]").val());
        form.putAll(fields);
        form.put("step", step);
        return form;
    }

    private static List<String> options(Document page, String css) {
        return page.select(css + " option").eachAttr("value");
    }

    // ---- opening the page

    @Test
    void opensFromJirasUrlWithTheIntegrationChosenItsRepositoriesListedAndNothingToLeakTheJwt() {
        Site site = new Site(false);
        String url = site.signedUrl(site.alice, ISSUE);
        String jwt = url.substring(url.indexOf("&jwt=") + 5);
        var response = http.get(url, null);
        Document page = html(response, 200);

        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("script-src 'self'").contains("object-src 'none'"));
        assertThat(response.body()).doesNotContain(jwt).doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1));
        assertThat(page.select("[href], [src], [action]")).allSatisfy(
                element -> assertThat(element.toString()).doesNotContain("jwt"));
        assertThat(page.select("script")).isEmpty();
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).containsExactly("/css/gitbridge.css");
        assertEveryControlIsLabelled(page);

        assertThat(page.title()).isEqualTo("Create branch for ABC-1");
        assertThat(page.selectFirst("#back-to-issue").attr("href")).isEqualTo(site.tenant.baseUrl() + "/browse/ABC-1");
        assertThat(page.selectFirst("form#create-branch-form").attr("method")).isEqualTo("post");
        assertThat(page.selectFirst("form#create-branch-form").attr("action")).isEqualTo(PAGE);
        assertThat(options(page, "#integration")).containsExactly(site.integrationId);
        assertThat(options(page, "#repository")).containsExactly("", "acme/api", "acme/web");
        assertThat(page.selectFirst("#repository-status").text()).isEqualTo("2 repositories found");
        assertThat(page.select("#source-branch, #branch-name, #create")).isEmpty();
    }

    @Test
    void aContextJwtOpensThePageToo() {
        Site site = new Site(false);
        String jwt = site.tenant.contextJwt(site.alice);
        Document page = html(http.get(site.path(ISSUE) + "&jwt=" + jwt, null), 200);
        assertThat(options(page, "#integration")).containsExactly(site.integrationId);
    }

    @Test
    void choosingARepositoryListsItsBranchesWithTheDefaultChosenAndTheNameFromTheIssue() {
        Site site = new Site(false);
        Document page = html(site.open(site.alice, ISSUE), 200);

        Document withBranches = html(http.postForm(PAGE, post(page, "branches",
                Map.of("integrationId", site.integrationId, "repositoryQuery", "", "repository", "acme/web"))), 200);

        assertThat(withBranches.selectFirst("#repository option[selected]").val()).isEqualTo("acme/web");
        assertThat(options(withBranches, "#source-branch")).containsExactly("", "main");
        assertThat(withBranches.selectFirst("#source-branch option[selected]").text()).isEqualTo("main (default)");
        assertThat(withBranches.selectFirst("#branch-name").val()).isEqualTo(BranchNames.suggest(ISSUE, SUMMARY))
                .isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(withBranches.selectFirst("#create").text()).isEqualTo("Create branch");
        assertEveryControlIsLabelled(withBranches);
    }

    // ---- creating the branch

    @Test
    void createsTheBranchOnTheHostWithTheAuditEntryAndLinksToItAndBackToTheIssue() throws Exception {
        Site site = new Site(false);
        Document page = html(site.open(site.alice, ISSUE), 200);

        var response = http.postForm(PAGE, post(page, "create", Map.of("integrationId", site.integrationId,
                "repositoryQuery", "", "repository", "acme/web", "sourceBranch", "main",
                "name", GitHubEnterpriseWithRepositories.NEW_BRANCH)));
        Document created = html(response, 200);
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        assertThat(created.selectFirst("#created h2").text()).isEqualTo("Branch created");
        Element link = created.selectFirst("#branch-link");
        assertThat(link.attr("href")).isEqualTo("https://ghe.example/acme/web/tree/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(link.attr("target")).isEqualTo("_blank");
        assertThat(link.attr("rel")).contains("noopener").contains("noreferrer");
        assertThat(created.selectFirst("#created").text()).contains("in acme/web")
                .contains("Created by the integration account @integration-bot");
        assertThat(created.selectFirst("#return-to-issue").attr("href")).isEqualTo(site.tenant.baseUrl() + "/browse/ABC-1");
        assertThat(created.select("form")).isEmpty();

        var refs = TestHosts.server().findAll(postRequestedFor(urlPathEqualTo(site.host.apiPath() + "/repos/acme/web/git/refs"))
                .withHeader(site.integrationCredential.header(), site.integrationCredential.headerValue()));
        assertThat(refs).hasSize(1);
        JsonNode ref = JSON.readTree(refs.get(0).getBodyAsString());
        assertThat(ref.path("ref").asText()).isEqualTo("refs/heads/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(ref.path("sha").asText()).isEqualTo(GitHubEnterpriseWithRepositories.SOURCE_SHA);

        JsonNode audit = site.audit();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(audit.get(0).path("action").asText()).isEqualTo("CREATE_BRANCH");
        assertThat(audit.get(0).path("target").asText()).isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(audit.get(0).path("repository").asText()).isEqualTo("acme/web");
        assertThat(audit.get(0).path("credentialKind").asText()).isEqualTo("INTEGRATION_ACCOUNT");
        assertThat(audit.get(0).toString()).contains(site.alice);
    }

    @Test
    void aNameGitRefusesIsShownBesideItsFieldAndNothingReachesTheHost() {
        Site site = new Site(false);
        Document page = html(site.open(site.alice, ISSUE), 200);
        int before = site.hostCalls();

        Document refused = html(http.postForm(PAGE, post(page, "create", Map.of("integrationId", site.integrationId,
                "repository", "acme/web", "sourceBranch", "main", "name", "no spaces allowed"))), 400);

        assertThat(refused.selectFirst("#branch-name-error").text()).isNotBlank();
        assertThat(refused.selectFirst("#branch-name").attr("aria-invalid")).isEqualTo("true");
        assertThat(refused.selectFirst("#branch-name").val()).isEqualTo("no spaces allowed");
        assertThat(TestHosts.server().findAll(postRequestedFor(urlPathMatching(site.host.apiPath() + "/.*")))).isEmpty();
        assertThat(site.hostCalls()).isGreaterThan(before); // the lists were shown again, nothing was created
    }

    // ---- Require User PAT

    @Test
    void requireUserPatWithoutATokenShowsSetupRequiredWithTheSettingsAndNewTokenLinksAndTheHostHearsNothing() throws Exception {
        Site site = new Site(true);
        int before = site.hostCalls();

        Document page = html(site.open(site.alice, ISSUE), 403);

        Element setup = page.selectFirst("#setup");
        assertThat(setup.attr("role")).isEqualTo("alert");
        assertThat(setup.selectFirst("h2").text()).isEqualTo("Setup required");
        assertThat(setup.text()).contains("Acme creates branches and pull requests as you");
        Element settings = setup.selectFirst("a#open-settings");
        assertThat(settings.attr("href")).isEqualTo(site.tenant.baseUrl() + "/plugins/servlet/ac/git-bridge-for-jira/user-settings");
        assertThat(settings.text()).startsWith("Open user settings");
        Element newToken = setup.selectFirst("a#new-token");
        assertThat(newToken.attr("href")).startsWith(site.host.baseUrl() + "/");
        assertThat(newToken.text()).startsWith("New token");
        assertThat(newToken.attr("rel")).contains("noopener").contains("noreferrer");
        assertThat(page.select("#repository, #source-branch, #create")).isEmpty();

        // Creating anyway is refused as the API refuses it, with the same audit entry.
        var created = http.postForm(PAGE, post(page, "create", Map.of("integrationId", site.integrationId,
                "repository", "acme/web", "sourceBranch", "main", "name", "abc-1-fix-the-login")));
        assertThat(html(created, 403).selectFirst("#setup h2").text()).isEqualTo("Setup required");
        assertThat(site.hostCalls()).isEqualTo(before);
        assertThat(site.audit().findValuesAsText("outcome")).containsExactly("USER_PAT_REQUIRED");
    }

    // ---- permissions

    @Test
    void anIssueTheUserCannotSeeAnswers404AndAUserWithoutDevelopmentTools403() {
        Site site = new Site(false);
        Document hidden = html(site.open(site.alice, "ABC-2"), 404);
        assertThat(hidden.selectFirst("#refusal").text()).contains("does not exist, or you cannot see it");
        assertThat(hidden.select("form")).isEmpty();
        Document missing = html(site.open(site.alice, "ABC-999"), 404);
        assertThat(missing.selectFirst("#refusal").text()).isEqualTo(hidden.selectFirst("#refusal").text());

        Document noDevTools = html(site.open(site.viewer, ISSUE), 403);
        assertThat(noDevTools.selectFirst("#refusal").text()).contains("View Development Tools");
        assertThat(noDevTools.select("form")).isEmpty();
    }

    // ---- authentication

    @Test
    void anyOtherJwtAnswers401() {
        Site site = new Site(false);
        Site other = new Site(false);
        String path = site.path(ISSUE);
        String clientKey = site.tenant.clientKey();
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("none", path);
        refused.put("bad signature", path + "&jwt=" + ConnectJwt.forRequest(clientKey, site.alice, "GET", path)
                .signHs256("not-the-secret-" + "x".repeat(40)));
        refused.put("other site's secret", path + "&jwt=" + ConnectJwt.forRequest(clientKey, site.alice, "GET", path)
                .signHs256(other.tenant.sharedSecret()));
        refused.put("expired", path + "&jwt=" + ConnectJwt.forRequest(clientKey, site.alice, "GET", path)
                .issuedAt(anHourAgo, Duration.ofMinutes(3)).signHs256(site.tenant.sharedSecret()));
        refused.put("qsh of another issue", path + "&jwt=" + site.tenant.pageJwt(site.alice, "GET", site.path("ABC-3")));
        refused.put("qsh of another page", path + "&jwt=" + site.tenant.pageJwt(site.alice, "GET", "/pages/admin"));
        refused.put("no qsh", path + "&jwt=" + ConnectJwt.forRequest(clientKey, site.alice, "GET", path).withoutQsh()
                .signHs256(site.tenant.sharedSecret()));
        refused.put("no user", path + "&jwt=" + site.tenant.pageJwt(null, "GET", path));
        refused.forEach((why, url) -> assertThat(http.get(url, null).statusCode()).as(why).isEqualTo(401));
    }

    @Test
    void theJwtOfASiteThatUninstalledTheAppAnswers401AndSoDoesItsPageToken() {
        Site site = new Site(false);
        Document page = html(site.open(site.alice, ISSUE), 200);
        String url = site.signedUrl(site.alice, ISSUE);

        var host = hosts.findById(site.tenant.clientKey()).orElseThrow();
        host.setAddonInstalled(false);
        hosts.save(host);

        assertThat(http.get(url, null).statusCode()).isEqualTo(401);
        assertThat(http.postForm(PAGE, post(page, "repositories", Map.of("integrationId", site.integrationId)))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aPostIsAuthenticatedOnlyByThePagesTokenForItsIssue() {
        Site site = new Site(false);
        Site other = new Site(false);
        Document page = html(site.open(site.alice, ISSUE), 200);
        Document otherPage = html(other.open(other.alice, ISSUE), 200);
        Map<String, String> fields = Map.of("integrationId", site.integrationId);

        assertThat(http.postForm(PAGE, post(page, "repositories", fields)).statusCode()).isEqualTo(200);

        Map<String, String> withoutToken = post(page, "repositories", fields);
        withoutToken.remove("pageToken");
        Map<String, String> otherIssue = post(page, "repositories", fields);
        otherIssue.put("issueKey", "ABC-2");
        Map<String, String> tampered = post(page, "repositories", fields);
        String token = tampered.get("pageToken");
        tampered.put("pageToken", token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"));
        Map<String, String> otherSitesTokenAsThisSite = post(otherPage, "repositories", fields);
        String[] parts = otherSitesTokenAsThisSite.get("pageToken").split("\\.");
        parts[0] = token.split("\\.")[0];
        otherSitesTokenAsThisSite.put("pageToken", String.join(".", parts));
        Map<String, String> jwtInsteadOfToken = post(page, "repositories", fields);
        jwtInsteadOfToken.put("pageToken", site.tenant.contextJwt(site.alice));

        for (var form : List.of(withoutToken, otherIssue, tampered, otherSitesTokenAsThisSite, jwtInsteadOfToken)) {
            assertThat(http.postForm(PAGE, form).statusCode()).isEqualTo(401);
        }
        // A Connect JWT does not authenticate a post either: the page's form carries no JWT.
        assertThat(http.send("POST", PAGE, site.tenant.pageJwt(site.alice, "POST", PAGE), null).statusCode())
                .isEqualTo(401);
    }
}
