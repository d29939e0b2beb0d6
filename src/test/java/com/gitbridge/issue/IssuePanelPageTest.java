package com.gitbridge.issue;

import static com.gitbridge.testing.PageAssertions.assertConnectLayout;
import static com.gitbridge.testing.PageAssertions.assertEveryControlIsLabelled;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.gitbridge.testing.AppTestBase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class IssuePanelPageTest extends AppTestBase {

    private static final String QUERY = "&issueId=10001&projectKey=ABC&projectId=10000";

    private TestTenant tenant;

    /** The panel as Jira's glance opens it: the query string is part of the signed qsh. */
    private String panelHtml(String issueKey) {
        tenant = tenant();
        String path = "/pages/issue-panel?issueKey=" + URLEncoder.encode(issueKey, StandardCharsets.UTF_8) + QUERY;
        var response = http.get(path, tenant.pageJwt("user-1", "GET", path));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private Document panel() {
        return Jsoup.parse(panelHtml("ABC-1"));
    }

    private static Document template(Document page, String id) {
        assertThat(page.select("template#" + id)).as("template %s", id).hasSize(1);
        return Jsoup.parse(page.select("template#" + id).html());
    }

    @Test
    void rendersThroughTheJwtFilterInTheConnectLayoutWithLabelledControls() {
        Document page = panel();
        assertConnectLayout(page);
        assertEveryControlIsLabelled(page);
        assertThat(page.select("script[src]").eachAttr("src")).contains("/js/issue-panel.js");
        assertThat(page.html()).doesNotContain("??"); // no message key left unresolved
    }

    @Test
    void aQueryStringOtherThanTheSignedOneIsRefused() {
        var tenant = tenant();
        String signed = "/pages/issue-panel?issueKey=ABC-1" + QUERY;
        String sent = "/pages/issue-panel?issueKey=ABC-2" + QUERY;
        assertThat(http.get(sent, tenant.pageJwt("user-1", "GET", signed)).statusCode()).isEqualTo(401);
    }

    @Test
    void theIssueKeyAndSettingsUrlReachThePage() {
        Document page = panel();
        Element main = page.selectFirst("main#issue-panel");
        assertThat(main.attr("data-issue-key")).isEqualTo("ABC-1");
        assertThat(main.attr("data-project-id")).isEqualTo("10000");
        String settingsUrl = tenant.baseUrl() + "/plugins/servlet/ac/git-bridge-for-jira/user-settings";
        assertThat(main.attr("data-settings-url")).isEqualTo(settingsUrl);
        assertThat(template(page, "setup-template").select("[data-action=open-settings]").attr("href")).isEqualTo(settingsUrl);
    }

    @Test
    void anIssueKeyWithMarkupStaysAnAttributeValue() {
        String hostile = "ABC-1\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        String html = panelHtml(hostile);
        assertThat(html).doesNotContain("\"><script>alert(1)").doesNotContain("<img src=x");
        Document page = Jsoup.parse(html);
        assertThat(page.selectFirst("main#issue-panel").attr("data-issue-key")).isEqualTo(hostile);
        assertThat(page.select("script")).allSatisfy(script -> assertThat(script.data()).doesNotContain("alert"));
        assertThat(page.select("script").eachAttr("src"))
                .allMatch(src -> src.endsWith("all.js") || src.equals("/connect/ap-api.js") || src.equals("/js/issue-panel.js")
                        || src.equals("/js/issue-development.js"));
        assertThat(page.select("img")).isEmpty();
    }

    @Test
    void showsTheDevelopmentSectionFirstWithAGroupForEachKind() {
        Document page = panel();
        Element development = page.selectFirst("main#issue-panel > section#development");
        assertThat(development).isNotNull();
        assertThat(page.selectFirst("main#issue-panel").child(0)).isEqualTo(development);
        assertThat(development.attr("data-issue-key")).isEqualTo("ABC-1");
        assertThat(development.select("[data-group]").eachAttr("data-group")).containsExactly("pullRequests", "branches", "commits");
        assertThat(development.select("#development-strings").attr("data-none")).contains("No commits");
        assertThat(page.select("script[src]").eachAttr("src")).contains("/js/issue-development.js");
    }

    @Test
    void developmentScriptRendersHostDataAsTextAndOnlyLinksHttp() throws Exception {
        String script = new String(getClass().getResourceAsStream("/static/js/issue-development.js").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("AP.");
        assertThat(script).contains("/development").contains("textContent").contains("https?:");
    }

    @Test
    void offersBothActionsAsRealButtonsThatOpenTheirForms() {
        Document page = panel();
        Element branch = page.selectFirst("button#open-branch");
        Element pullRequest = page.selectFirst("button#open-pull-request");
        assertThat(branch.text()).isEqualTo("Create branch");
        assertThat(branch.attr("type")).isEqualTo("button");
        assertThat(branch.attr("aria-expanded")).isEqualTo("false");
        assertThat(page.select("#" + branch.attr("aria-controls") + " form#branch-form")).hasSize(1);
        assertThat(pullRequest.text()).isEqualTo("Create pull request");
        assertThat(page.select("#" + pullRequest.attr("aria-controls") + " form#pull-request-form")).hasSize(1);
        assertThat(page.select("#branch-section, #pull-request-section")).allSatisfy(s -> assertThat(s.hasAttr("hidden")).isTrue());
    }

    @Test
    void branchFormHasItsFieldsInOrderWithPlacesForErrors() {
        Document page = panel();
        Element form = page.selectFirst("#branch-form");
        assertThat(form.select("input, select, textarea").eachAttr("name"))
                .containsExactly("integrationId", "repositoryQuery", "repository", "sourceBranch", "name");
        assertThat(form.select("input, select, textarea").eachAttr("id"))
                .containsExactly("branch-integration", "branch-repository-search", "branch-repository", "branch-source", "branch-name");
        assertThat(form.select("[name=repositoryQuery]").attr("type")).isEqualTo("search");
        assertThat(form.select("[data-error-for]").eachAttr("data-error-for"))
                .containsExactly("integrationId", "repository", "sourceBranch", "name");
        assertThat(form.select("label[for=branch-name]").text()).isEqualTo("Branch name");
        assertThat(form.select("button[type=submit]").text()).isEqualTo("Create branch");
        assertThat(form.select("button[data-action=cancel]").attr("type")).isEqualTo("button");
        assertProblemAreaIsAnnounced(form);
    }

    @Test
    void pullRequestFormHasItsFieldsInOrderWithPlacesForErrors() {
        Document page = panel();
        Element form = page.selectFirst("#pull-request-form");
        assertThat(form.select("input, select, textarea").eachAttr("name"))
                .containsExactly("integrationId", "repositoryQuery", "repository", "sourceBranch", "targetBranch", "title", "description");
        assertThat(form.select("textarea[name=description]")).hasSize(1);
        assertThat(form.select("[data-error-for]").eachAttr("data-error-for"))
                .containsExactly("integrationId", "repository", "sourceBranch", "targetBranch", "title", "description");
        assertThat(form.select("label[for=pull-request-source]").text()).isEqualTo("Source branch");
        assertThat(form.select("label[for=pull-request-target]").text()).isEqualTo("Target branch");
        assertThat(form.select("button[type=submit]").text()).isEqualTo("Create pull request");
        assertProblemAreaIsAnnounced(form);
    }

    private static void assertProblemAreaIsAnnounced(Element form) {
        Element problem = form.selectFirst("[data-slot=problem]");
        assertThat(problem.attr("role")).isEqualTo("alert");
        assertThat(problem.attr("tabindex")).isEqualTo("-1");
        // every field's error is tied to its control
        for (Element error : form.select("[data-error-for]")) {
            Element control = form.selectFirst("[name=" + error.attr("data-error-for") + "]");
            assertThat(control.attr("aria-describedby").split(" ")).as(error.attr("data-error-for")).contains(error.id());
        }
    }

    @Test
    void setupRequiredTemplateLinksToUserSettingsAndANewToken() {
        Document page = panel();
        Document setup = template(page, "setup-template");
        assertThat(setup.text()).contains("Setup required").contains("Open user settings").contains("New token");
        Element settings = setup.selectFirst("a[data-action=open-settings]");
        assertThat(settings.text()).isEqualTo("Open user settings");
        assertThat(settings.attr("target")).isEqualTo("_top");
        Element newToken = setup.selectFirst("a[data-action=new-token]");
        assertThat(newToken.attr("target")).isEqualTo("_blank");
        assertThat(newToken.attr("rel")).contains("noopener").contains("noreferrer");
        assertThat(setup.selectFirst(".message").attr("role")).isEqualTo("alert");
        assertThat(page.select("#strings [data-key=setup.title.EXPIRED]").text()).isEqualTo("Your token has expired");
        assertThat(page.select("#strings [data-key=setup.title.INVALID]").text()).isEqualTo("Your token was rejected by the host");
        assertThat(page.select("#strings [data-key=setup.body.MISSING]").text()).contains("creates branches and pull requests as you");
    }

    @Test
    void resultTemplatesLinkToTheHostInANewTab() {
        Document page = panel();
        for (String id : new String[] {"branch-result-template", "pull-request-result-template"}) {
            Element link = template(page, id).selectFirst("a[data-slot=link]");
            assertThat(link.attr("target")).as(id).isEqualTo("_blank");
            assertThat(link.attr("rel")).as(id).contains("noopener");
        }
        assertThat(page.selectFirst("#result").attr("aria-live")).isEqualTo("polite");
        assertThat(page.selectFirst("#result").attr("tabindex")).isEqualTo("-1");
        assertThat(page.select("#strings [data-key=result.asUser]").text()).isEqualTo("Created as @{0} with your token");
        assertThat(page.select("#strings [data-key=result.asIntegration]").text()).isEqualTo("Created by the integration account @{0}");
    }

    @Test
    void failuresHaveTheirWords() {
        Document page = panel();
        assertThat(page.select("#strings [data-key=error.branchExists]").text()).contains("A branch with this name already exists");
        assertThat(page.select("#strings [data-key=error.notFound]").text()).startsWith("Not found: ");
        assertThat(page.select("#strings [data-key=error.rateLimited]").text()).contains("The host is rate limiting; try again in {0} s");
        assertThat(page.select("#strings [data-key=error.hostUnavailable]").text()).contains("The host did not answer");
        assertThat(page.select("#strings [data-key=error.notAllowed]").text()).contains("View Development Tools");
        assertThat(page.select("#strings [data-key]")).allSatisfy(s -> assertThat(s.text()).as(s.attr("data-key")).isNotBlank());
    }

    @Test
    void scriptRendersDataAsTextOnlyAndUsesTheSharedApi() throws Exception {
        String script = new String(getClass().getResourceAsStream("/static/js/issue-panel.js").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
        assertThat(script).doesNotContain("AP.");
        assertThat(script).contains("GitBridge.api").contains("GitBridge.resize").contains("GitBridge.openUserSettings");
    }
}
