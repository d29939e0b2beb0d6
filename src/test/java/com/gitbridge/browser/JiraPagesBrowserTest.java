package com.gitbridge.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.browser.Browser;
import com.gitbridge.testing.browser.StandInJira;
import com.gitbridge.testing.browser.StandInJira.Issue;
import com.gitbridge.testing.browser.StandInJira.Layout;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithRepositories;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Require User PAT story in real headless Chromium: the app's pages framed by a stand-in Jira
 * ({@link StandInJira}, with the stand-in {@code all.js}), Jira's REST API and a GitHub Enterprise server on WireMock.
 * Each scenario sets up its own site and host, drives the page as a person would, and checks what the page shows,
 * what Jira was asked to do (navigation, resizing) and what the git host received. Screenshots of every state go to
 * {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JiraPagesBrowserTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Issue ISSUE = new Issue("ABC-1", "Fix the login", "10001", "ABC", "10000");
    private static final String PANEL_PATH = "/pages/issue-panel?issueKey=ABC-1&issueId=10001&projectKey=ABC&projectId=10000";
    private static final int GLANCE_WIDTH = 340;

    private static Browser browser;
    private static StandInJira jira;

    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @BeforeEach
    void startJira() {
        if (jira == null) {
            jira = new StandInJira(port);
        }
    }

    @AfterAll
    static void stop() {
        if (jira != null) {
            jira.close();
            jira = null;
        }
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A Jira site with an admin and a developer, and a GitHub Enterprise server that knows the integration account. */
    private final class Site {
        final String admin = "admin-" + UUID.randomUUID();
        final String alice = "alice-" + UUID.randomUUID();
        final GitHubEnterpriseWithRepositories host = new GitHubEnterpriseWithRepositories();
        final TestCredential integrationCredential = host.newCredential();
        final TestTenant tenant;
        String integrationId;

        Site() {
            tenant = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin)
                    .developer(alice, Long.parseLong(ISSUE.projectId()))
                    .issue(ISSUE.key(), ISSUE.summary(), Long.parseLong(ISSUE.projectId()), ISSUE.projectKey()));
            host.accept(integrationCredential, "integration-bot");
        }

        /** What the admin scenario does in the browser, done through the API for the other scenarios. */
        Site withIntegration(boolean requireUserPat) throws Exception {
            var created = http.send("POST", "/api/integrations", tenant.contextJwt(admin), """
                    {"type":"GITHUB_ENTERPRISE","name":"Acme GitHub","baseUrl":"%s","credential":%s,"requireUserPat":%s}
                    """.formatted(host.baseUrl(), integrationCredential.json(), requireUserPat));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            integrationId = JSON.readTree(created.body()).path("id").asText();
            return this;
        }

        /** A PAT the host accepts as {@code login}, saved for alice through the API. */
        TestCredential savedPat(String login) {
            TestCredential pat = host.newCredential();
            host.accept(pat, login);
            var saved = http.send("PUT", "/api/me/tokens/" + integrationId, tenant.contextJwt(alice), pat.json());
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            return pat;
        }

        JsonNode api(String account, String path) throws Exception {
            var response = http.get(path, tenant.contextJwt(account));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        String panel(String account) {
            return jira.page(Layout.ISSUE_GLANCE, "Development", tenant, account, PANEL_PATH, ISSUE);
        }

        String settingsUrl() {
            return tenant.baseUrl() + "/plugins/servlet/ac/" + StandInJira.ADDON_KEY + "/user-settings";
        }

        List<LoggedRequest> hostReceived(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder request,
                                         TestCredential credential) {
            return TestHosts.server().findAll(request.withHeader(credential.header(), credential.headerValue()));
        }
    }

    // ---- 1. The admin

    @Test
    @Order(1)
    void adminAddsGitHubEnterpriseIntegrationSeesItsRepositoriesAndRequiresUserPats() throws Exception {
        Site site = new Site();
        browser.open(jira.page(Layout.ADMIN, "Manage Git repositories", site.tenant, site.admin, "/pages/admin", null));

        browser.textIn("#empty", "No integrations yet");
        assertAtlassianLook();
        browser.screenshot("1-admin-no-integrations");

        browser.find("#show-add").click();
        Select type = new Select(browser.visible("#add-type"));
        type.selectByVisibleText("GitHub Enterprise");
        assertThat(browser.visible("[data-help-for=GITHUB_ENTERPRISE]").getText()).contains("/api/v3");
        labelledAs("#add-name", "Name").sendKeys("Acme GitHub");
        labelledAs("#add-url", "URL").sendKeys(site.host.baseUrl());
        labelledAs("#add-token", "Access token of the integration account").sendKeys(site.integrationCredential.secret());
        assertThat(browser.find("#add-require-pat").isSelected()).isFalse();
        browser.screenshot("1-admin-add-form");
        browser.find("#add-submit").click();

        browser.textIn("#message", "Integration added. The host accepted the credential. (integration-bot)");
        assertThat(browser.find("#message").getAttribute("class")).contains("success");
        assertThat(browser.find("#add-section").isDisplayed()).isFalse();
        WebElement row = browser.visible("#integrations tbody tr");
        assertThat(row.findElement(By.cssSelector("[data-slot=name]")).getText()).isEqualTo("Acme GitHub");
        assertThat(row.findElement(By.cssSelector("[data-slot=url]")).getText()).isEqualTo(site.host.baseUrl());
        assertThat(row.findElement(By.cssSelector("[data-slot=type]")).getText()).isEqualTo("GitHub Enterprise");
        assertThat(row.findElement(By.cssSelector("[data-slot=account]")).getText()).isEqualTo("integration-bot");
        assertThat(textContent(row.findElement(By.cssSelector("[data-slot=pat]")))).isEqualTo("Not required");
        assertThat(row.findElement(By.cssSelector("[data-slot=projects]")).getText()).isEqualTo("All projects");
        browser.screenshot("1-admin-integration-added");

        row.findElement(By.cssSelector("[data-action=repositories]")).click();
        browser.textIn(".edit-row [data-slot=count]", "2 repositories");
        List<WebElement> repositories = browser.driver().findElements(By.cssSelector(".edit-row [data-slot=list] li"));
        assertThat(repositories).extracting(WebElement::getText).containsExactly("acme/api · main", "acme/web · main");
        assertThat(repositories.get(1).findElement(By.tagName("a")).getAttribute("href")).isEqualTo("https://ghe.example/acme/web");
        assertThat(browser.focusedMatches(".edit-row input[name=query]")).isTrue();
        browser.screenshot("1-admin-repositories");

        row.findElement(By.cssSelector("[data-action=edit]")).click();
        WebElement edit = browser.visible(".edit-row form");
        WebElement requirePat = edit.findElement(By.name("requireUserPat"));
        assertThat(requirePat.isSelected()).isFalse();
        assertThat(requirePat.getAccessibleName()).isEqualTo("Require User PAT");
        // Ticked through its label, as a person clicks the words beside a checkbox.
        edit.findElement(By.cssSelector("label[data-for=requireUserPat]")).click();
        assertThat(requirePat.isSelected()).isTrue();
        WebElement projectKeys = edit.findElement(By.name("projectKeys"));
        assertThat(projectKeys.getAccessibleName()).isEqualTo("Limit to projects");
        projectKeys.sendKeys("abc, ops");
        browser.screenshot("1-admin-edit-require-user-pat");
        edit.findElement(By.cssSelector("button[type=submit]")).click();

        browser.textIn("#message", "Integration settings updated.");
        browser.until(d -> d.findElements(By.cssSelector(".edit-row")).isEmpty());
        WebElement lozenge = browser.find("#integrations tbody tr [data-slot=pat]");
        assertThat(textContent(lozenge)).isEqualTo("Required");
        assertThat(lozenge.getText()).isEqualTo("REQUIRED"); // Atlassian lozenges are upper case
        assertThat(lozenge.getAttribute("class")).contains("inprogress");
        assertThat(browser.find("#integrations tbody tr [data-slot=projects]").getText()).isEqualTo("Projects: ABC, OPS");
        browser.screenshot("1-admin-require-user-pat-updated");

        // What the app keeps and the host was asked, and what Jira was asked to do.
        JsonNode integrations = site.api(site.admin, "/api/integrations");
        assertThat(integrations).hasSize(1);
        assertThat(integrations.get(0).path("requireUserPat").asBoolean()).isTrue();
        assertThat(integrations.get(0).path("projectKeys").toString()).isEqualTo("[\"ABC\",\"OPS\"]");
        assertThat(integrations.get(0).path("accountLogin").asText()).isEqualTo("integration-bot");
        assertThat(integrations.toString()).doesNotContain(site.integrationCredential.secret());
        assertThat(site.hostReceived(getRequestedFor(urlPathEqualTo(site.host.apiPath() + "/user")),
                site.integrationCredential)).isNotEmpty();
        assertThat(site.hostReceived(getRequestedFor(urlPathEqualTo(site.host.apiPath() + "/user/repos")),
                site.integrationCredential)).isNotEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(site.integrationCredential.secret());
        assertThat(((Number) browser.inJira("return window.tokenRequests;")).intValue()).isGreaterThanOrEqualTo(4);
        assertThat(browser.recorded("apErrors")).isEmpty();
        assertFrameFitsContent();
    }

    // ---- 2. A user without a PAT

    @Test
    @Order(2)
    void userWithoutPatIsToldSetupIsRequiredAndSentToUserSettings() throws Exception {
        Site site = new Site().withIntegration(true);
        int hostRequests = site.host.requestsWithAnyCredential();
        browser.open(site.panel(site.alice));

        WebElement create = browser.visible("#open-branch");
        assertThat(create.getText()).isEqualTo("Create branch");
        assertThat(browser.find("#open-pull-request").getText()).isEqualTo("Create pull request");
        assertAtlassianLook();
        assertFitsGlanceWidth();
        browser.screenshot("2-panel-closed");

        create.click();
        WebElement setup = browser.visible("#branch-section .setup-required");
        assertThat(setup.findElement(By.cssSelector("[data-slot=title]")).getText()).isEqualTo("Setup required");
        assertThat(setup.findElement(By.cssSelector("[data-slot=body]")).getText())
                .startsWith("Acme GitHub creates branches and pull requests as you, so it needs your own personal access token.");
        WebElement openSettings = setup.findElement(By.cssSelector("[data-action=open-settings]"));
        assertThat(openSettings.getText()).isEqualTo("Open user settings");
        assertThat(openSettings.getAttribute("href")).isEqualTo(site.settingsUrl());
        WebElement newToken = setup.findElement(By.cssSelector("[data-action=new-token]"));
        assertThat(newToken.getAccessibleName()).isEqualTo("New token (opens in a new tab)");
        assertThat(newToken.getAttribute("href")).startsWith(site.host.baseUrl() + "/");
        assertThat(browser.find("#branch-form [data-slot=details]").isDisplayed()).isFalse();
        assertThat(browser.find("#branch-form [data-action=submit]").isDisplayed()).isFalse();
        assertThat(browser.focusedMatches("#branch-section .setup-required")).isTrue();
        assertFitsGlanceWidth();
        browser.screenshot("2-panel-setup-required");

        openSettings.click();
        browser.until(d -> !browser.recorded("navigations").isEmpty());
        List<Map<String, Object>> navigations = browser.recorded("navigations");
        assertThat(navigations).hasSize(1);
        assertThat(navigations.get(0)).containsEntry("target", "addonmodule")
                .containsEntry("context", Map.of("moduleKey", "user-settings"))
                .containsEntry("url", site.settingsUrl());
        // Jira's navigator moves the page, not the link: the iframe did not navigate the top window.
        assertThat(browser.inJira("return location.pathname;")).asString().startsWith("/sessions/");
        assertThat(browser.find("#branch-section .setup-required").isDisplayed()).isTrue();

        // The host heard nothing: the integration account is never used instead of the missing PAT.
        assertThat(site.host.requestsWithAnyCredential()).isEqualTo(hostRequests);
        assertThat(browser.recorded("apErrors")).isEmpty();
        assertFrameFitsContent();
    }

    // ---- 3. User settings

    @Test
    @Order(3)
    void userSavesPatInUserSettingsAndARejectedOneSavesNothing() throws Exception {
        Site site = new Site().withIntegration(true);
        TestCredential refused = site.host.newCredential();
        site.host.refuse(refused);
        TestCredential pat = site.host.newCredential();
        site.host.accept(pat, "alice-on-host");
        browser.open(jira.page(Layout.GENERAL, "Git Bridge user settings", site.tenant, site.alice, "/pages/user-settings", null));

        WebElement card = browser.visible(".token-card");
        assertThat(card.findElement(By.cssSelector("[data-slot=name]")).getText()).isEqualTo("Acme GitHub");
        assertThat(card.findElement(By.cssSelector("[data-slot=type]")).getText()).isEqualTo("GitHub Enterprise");
        assertThat(card.findElement(By.cssSelector("[data-slot=required]")).isDisplayed()).isTrue();
        assertThat(textContent(card.findElement(By.cssSelector("[data-slot=status]")))).isEqualTo("Not set");
        assertThat(card.findElement(By.cssSelector("[data-slot=note]")).getText()).startsWith("This integration requires your own token");
        WebElement newToken = card.findElement(By.cssSelector("[data-slot=new-token]"));
        assertThat(newToken.isDisplayed()).isTrue();
        assertThat(newToken.getAccessibleName()).isEqualTo("New token (opens in a new tab)");
        assertThat(newToken.getAttribute("href")).startsWith(site.host.baseUrl() + "/");
        assertThat(newToken.getAttribute("target")).isEqualTo("_blank");
        WebElement input = card.findElement(By.name("token"));
        assertThat(input.getAccessibleName()).isEqualTo("Personal access token");
        assertAtlassianLook();
        browser.screenshot("3-settings-not-set");

        input.sendKeys(refused.secret());
        card.findElement(By.cssSelector("[data-action=save]")).click();
        WebElement error = browser.textIn(".token-card [data-error-for=token]", "did not accept the token");
        assertThat(error.getText()).startsWith("Acme GitHub did not accept the token");
        assertThat(input.getAttribute("value")).isEmpty();
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(input.getCssValue("border-top-color")).as("an invalid field is outlined in red").isEqualTo("rgba(222, 53, 11, 1)");
        assertThat(browser.focusedMatches(".token-card input[name=token]")).isTrue();
        assertThat(textContent(card.findElement(By.cssSelector("[data-slot=status]")))).isEqualTo("Not set");
        browser.screenshot("3-settings-rejected");
        assertThat(site.hostReceived(getRequestedFor(urlPathEqualTo(site.host.apiPath() + "/user")), refused)).hasSize(1);
        assertThat(site.api(site.alice, "/api/me/tokens").get(0).path("status").asText()).isEqualTo("MISSING");
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from user_token where tenant_id = ?", Integer.class, site.tenant.clientKey())).isZero();

        input.sendKeys(pat.secret());
        card.findElement(By.cssSelector("[data-action=save]")).click();
        browser.textIn(".token-card [data-slot=result]", "Saved. The host accepted the token.");
        WebElement status = card.findElement(By.cssSelector("[data-slot=status]"));
        assertThat(textContent(status)).isEqualTo("Valid: acting as @alice-on-host");
        assertThat(status.findElement(By.cssSelector(".lozenge")).getAttribute("class")).contains("success");
        assertThat(card.findElement(By.cssSelector("[data-slot=hint]")).getText())
                .isEqualTo("Token ending …" + pat.secret().substring(pat.secret().length() - 4));
        assertThat(card.findElement(By.cssSelector("[data-error-for=token]")).getText()).isEmpty();
        assertThat(input.getAttribute("value")).isEmpty();
        assertThat(card.findElement(By.cssSelector("[data-action=remove]")).isDisplayed()).isTrue();
        assertThat(browser.driver().getPageSource()).doesNotContain(pat.secret()).doesNotContain(refused.secret());
        browser.screenshot("3-settings-valid");

        JsonNode token = site.api(site.alice, "/api/me/tokens").get(0);
        assertThat(token.path("status").asText()).isEqualTo("VALID");
        assertThat(token.path("login").asText()).isEqualTo("alice-on-host");
        assertThat(site.hostReceived(getRequestedFor(urlPathEqualTo(site.host.apiPath() + "/user")), pat)).hasSize(1);
        assertThat(browser.recorded("apErrors")).isEmpty();
        assertFrameFitsContent();
    }

    // ---- 4. Branch and pull request with the user's PAT

    @Test
    @Order(4)
    void userWithPatCreatesBranchAndPullRequestAsThemselves() throws Exception {
        Site site = new Site().withIntegration(true);
        TestCredential pat = site.savedPat("alice-on-host");
        browser.open(site.panel(site.alice));

        browser.visible("#open-branch").click();
        browser.textIn("#branch-repository-status", "2 repositories found");
        assertThat(selectedText("#branch-integration")).isEqualTo("Acme GitHub");
        new Select(browser.find("#branch-repository")).selectByValue("acme/web");
        browser.until(d -> "main".equals(value("#branch-source")));
        assertThat(selectedText("#branch-source")).isEqualTo("main (default)");
        WebElement name = browser.find("#branch-name");
        browser.until(d -> !value("#branch-name").isEmpty());
        assertThat(name.getAttribute("value")).isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertFitsGlanceWidth();
        browser.screenshot("4-panel-branch-form");
        browser.find("#branch-form [data-action=submit]").click();

        WebElement branch = browser.textIn("#result", "Branch created");
        WebElement branchLink = branch.findElement(By.cssSelector("a[data-slot=link]"));
        assertThat(branchLink.getAttribute("href"))
                .isEqualTo("https://ghe.example/acme/web/tree/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(branchLink.getAccessibleName())
                .isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH + " (opens in a new tab)");
        assertThat(branchLink.getAttribute("target")).isEqualTo("_blank");
        assertThat(branch.getText()).contains("in acme/web").contains("Created as @alice-on-host with your token");
        assertThat(browser.find("#branch-section").isDisplayed()).isFalse();
        browser.screenshot("4-panel-branch-created");

        browser.find("#open-pull-request").click();
        browser.until(d -> GitHubEnterpriseWithRepositories.NEW_BRANCH.equals(value("#pull-request-source")));
        assertThat(value("#pull-request-repository")).isEqualTo("acme/web");
        assertThat(value("#pull-request-target")).isEqualTo("main");
        assertThat(selectedText("#pull-request-target")).isEqualTo("main (default)");
        WebElement title = browser.find("#pull-request-title-input");
        browser.until(d -> !value("#pull-request-title-input").isEmpty());
        assertThat(title.getAttribute("value")).isEqualTo("ABC-1 Fix the login");
        browser.find("#pull-request-description").sendKeys("Opened from the issue panel.");
        assertFitsGlanceWidth();
        browser.screenshot("4-panel-pull-request-form");
        browser.find("#pull-request-form [data-action=submit]").click();

        browser.textIn("#result", "Pull request created");
        List<WebElement> results = browser.driver().findElements(By.cssSelector("#result .message"));
        assertThat(results).extracting(r -> r.findElement(By.tagName("h4")).getText())
                .containsExactly("Pull request created", "Branch created");
        WebElement pullLink = results.get(0).findElement(By.cssSelector("a[data-slot=link]"));
        assertThat(pullLink.getAttribute("href")).isEqualTo("https://ghe.example/acme/web/pull/42");
        assertThat(pullLink.getAccessibleName()).isEqualTo("#42 ABC-1 Fix the login (opens in a new tab)");
        assertThat(results.get(0).getText()).contains("Created as @alice-on-host with your token");
        assertThat(results.get(1).findElement(By.cssSelector("a[data-slot=link]")).getAttribute("href"))
                .isEqualTo("https://ghe.example/acme/web/tree/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertFitsGlanceWidth();
        browser.screenshot("4-panel-branch-and-pull-request-created");

        // The host received both with the user's PAT, and nothing with the integration account's token.
        List<LoggedRequest> refs = site.hostReceived(
                postRequestedFor(urlPathEqualTo(site.host.apiPath() + "/repos/acme/web/git/refs")), pat);
        assertThat(refs).hasSize(1);
        JsonNode ref = JSON.readTree(refs.get(0).getBodyAsString());
        assertThat(ref.path("ref").asText()).isEqualTo("refs/heads/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(ref.path("sha").asText()).isEqualTo(GitHubEnterpriseWithRepositories.SOURCE_SHA);
        List<LoggedRequest> pulls = site.hostReceived(
                postRequestedFor(urlPathEqualTo(site.host.apiPath() + "/repos/acme/web/pulls")), pat);
        assertThat(pulls).hasSize(1);
        JsonNode pull = JSON.readTree(pulls.get(0).getBodyAsString());
        assertThat(pull.path("head").asText()).isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(pull.path("base").asText()).isEqualTo("main");
        assertThat(pull.path("title").asText()).isEqualTo("ABC-1 Fix the login");
        assertThat(pull.path("body").asText()).isEqualTo("Opened from the issue panel.");
        assertThat(site.hostReceived(postRequestedFor(urlPathMatching(site.host.apiPath() + "/.*")),
                site.integrationCredential)).isEmpty();
        assertThat(site.hostReceived(anyRequestedFor(urlPathMatching(site.host.apiPath() + "/repos/.*")),
                site.integrationCredential)).isEmpty();
        assertThat(browser.recorded("apErrors")).isEmpty();
        assertFrameFitsContent();
    }

    // ---- 5. Keyboard only

    @Test
    @Order(5)
    void keyboardAloneCreatesABranchAndEveryControlHasItsLabel() throws Exception {
        Site site = new Site().withIntegration(true);
        TestCredential pat = site.savedPat("alice-on-host");
        browser.open(site.panel(site.alice));

        // From Jira's own page into the app's iframe, with Tab alone.
        WebElement create = browser.tabTo("#open-branch", 12);
        assertThat(create.getCssValue("outline-style")).as("a visible focus ring").isEqualTo("solid");
        browser.screenshot("5-panel-keyboard-focus");

        browser.press(Keys.ENTER);
        browser.until(d -> browser.focusedMatches("#branch-integration"));
        assertThat(create.getAttribute("aria-expanded")).isEqualTo("true");
        browser.textIn("#branch-repository-status", "2 repositories found");
        browser.press(Keys.ESCAPE);
        browser.until(d -> browser.focusedMatches("#open-branch"));
        assertThat(browser.find("#branch-section").isDisplayed()).isFalse();
        assertThat(create.getAttribute("aria-expanded")).isEqualTo("false");
        browser.press(Keys.SPACE);
        browser.until(d -> browser.focusedMatches("#branch-integration"));

        // Every control is named by its own label.
        browser.textIn("#branch-repository-status", "2 repositories found");
        assertLabelled("#branch-form");

        browser.tabTo("#branch-repository-search", 3);
        browser.press("web", Keys.ENTER); // Enter searches at once, without submitting the form
        browser.textIn("#branch-repository-status", "1 repository found");
        assertThat(browser.find("#branch-section").isDisplayed()).isTrue();
        browser.tabTo("#branch-repository", 3);
        assertThat(value("#branch-repository")).isEqualTo("acme/web");
        browser.tabTo("#branch-source", 3);
        browser.until(d -> "main".equals(value("#branch-source")));
        browser.tabTo("#branch-name", 3);
        browser.until(d -> !value("#branch-name").isEmpty());
        browser.press(Keys.END, "-by-keyboard");
        browser.screenshot("5-panel-keyboard-form");
        browser.press(Keys.ENTER);

        WebElement result = browser.textIn("#result", "Branch created");
        String name = GitHubEnterpriseWithRepositories.NEW_BRANCH + "-by-keyboard";
        assertThat(result.findElement(By.cssSelector("a[data-slot=link]")).getAccessibleName())
                .isEqualTo(name + " (opens in a new tab)");
        assertThat(browser.focusedMatches("#result, #result *")).as("the result takes the focus").isTrue();
        browser.screenshot("5-panel-keyboard-branch-created");
        browser.tabTo("#result a[data-slot=link]", 2);
        browser.tabTo("#result [data-action=dismiss]", 2);
        browser.press(Keys.ENTER);
        browser.until(d -> browser.focusedMatches("#open-branch"));
        assertThat(browser.find("#result").isDisplayed()).isFalse();

        // The pull request form, opened and closed from the keyboard, labels its controls too.
        browser.tabTo("#open-pull-request", 2);
        browser.press(Keys.ENTER);
        browser.until(d -> browser.focusedMatches("#pull-request-integration"));
        browser.until(d -> !value("#pull-request-target").isEmpty());
        assertLabelled("#pull-request-form");
        browser.screenshot("5-panel-keyboard-pull-request-form");
        browser.press(Keys.ESCAPE);
        browser.until(d -> browser.focusedMatches("#open-pull-request"));

        List<LoggedRequest> refs = site.hostReceived(
                postRequestedFor(urlPathEqualTo(site.host.apiPath() + "/repos/acme/web/git/refs")), pat);
        assertThat(refs).hasSize(1);
        assertThat(JSON.readTree(refs.get(0).getBodyAsString()).path("ref").asText()).isEqualTo("refs/heads/" + name);
        assertThat(browser.recorded("apErrors")).isEmpty();
    }

    // ---- 6. Integrations limited to projects

    @Test
    @Order(6)
    void thePanelOffersOnlyTheIntegrationsOfTheIssuesProject() throws Exception {
        Site site = new Site().withIntegration(false);
        TestCredential opsCredential = site.host.newCredential();
        site.host.accept(opsCredential, "ops-bot");
        var opsOnly = http.send("POST", "/api/integrations", site.tenant.contextJwt(site.admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Ops GitHub","baseUrl":"%s","credential":%s,"projectKeys":["OPS"]}
                """.formatted(site.host.baseUrl(), opsCredential.json()));
        assertThat(opsOnly.statusCode()).as(opsOnly.body()).isEqualTo(201);
        int opsCalls = site.host.requestsWith(opsCredential);
        browser.open(site.panel(site.alice));

        browser.visible("#open-branch").click();
        browser.textIn("#branch-repository-status", "2 repositories found");
        List<WebElement> offered = new Select(browser.find("#branch-integration")).getOptions();
        assertThat(offered).extracting(WebElement::getText).containsExactly("Acme GitHub");
        assertThat(site.host.requestsWith(opsCredential)).isEqualTo(opsCalls);
        assertThat(browser.recorded("apErrors")).isEmpty();
    }

    // ---- 7. Rotating the webhook secret

    @Test
    @Order(7)
    void adminRotatesTheWebhookSecretAfterConfirmingAndTheOldUrlStopsWorking() throws Exception {
        Site site = new Site().withIntegration(false);
        String push = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/web\"}}";
        browser.open(jira.page(Layout.ADMIN, "Manage Git repositories", site.tenant, site.admin, "/pages/admin", null));

        browser.visible("#integrations tbody tr [data-action=indexing]").click();
        WebElement webhook = labelledAs(".edit-row input[name=webhookUrl]", "Webhook URL");
        browser.until(d -> !webhook.getDomProperty("value").isEmpty());
        String old = webhook.getDomProperty("value");
        WebElement confirmation = browser.find(".edit-row [data-slot=rotate-confirm]");
        assertThat(confirmation.isDisplayed()).isFalse();

        browser.find(".edit-row [data-action=rotate-webhook]").click();
        assertThat(browser.visible(".edit-row [data-slot=rotate-confirm]").getText())
                .contains("The old webhook URL stops working at once; update it on the host.");
        assertThat(browser.focusedMatches(".edit-row [data-action=confirm-rotate]")).isTrue();
        browser.screenshot("7-admin-rotate-webhook-confirm");
        browser.find(".edit-row [data-action=cancel-rotate]").click();
        browser.until(d -> !confirmation.isDisplayed());
        assertThat(webhook.getDomProperty("value")).isEqualTo(old);
        assertThat(http.send("POST", old.substring(ADDON_BASE_URL.length()), null, push).statusCode()).isEqualTo(202);

        browser.find(".edit-row [data-action=rotate-webhook]").click();
        browser.visible(".edit-row [data-action=confirm-rotate]").click();
        browser.textIn("#message", "Webhook secret rotated.");
        browser.until(d -> !old.equals(webhook.getDomProperty("value")));
        String fresh = webhook.getDomProperty("value");
        assertThat(fresh).startsWith(ADDON_BASE_URL + "/webhooks/" + site.integrationId + "/");
        assertThat(confirmation.isDisplayed()).isFalse();
        browser.screenshot("7-admin-webhook-secret-rotated");

        assertThat(site.api(site.admin, "/api/integrations").get(0).path("webhookUrl").asText()).isEqualTo(fresh);
        assertThat(http.send("POST", old.substring(ADDON_BASE_URL.length()), null, push).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", fresh.substring(ADDON_BASE_URL.length()), null, push).statusCode()).isEqualTo(202);
        assertThat(browser.recorded("apErrors")).isEmpty();
    }

    // ---- 8. The create-branch page Jira's own Development panel opens in a browser tab

    @Test
    @Order(8)
    void createBranchPageOpenedFromJirasDevelopmentPanelCreatesTheBranchAndLinksBackToTheIssue() throws Exception {
        Site site = new Site().withIntegration(false);
        String path = "/pages/create-branch?issueKey=ABC-1&issueSummary=Fix%20the%20login";
        String jwt = site.tenant.pageJwt(site.alice, "GET", path);
        browser.openTopLevel("http://127.0.0.1:" + port + path + "&jwt=" + jwt);

        assertThat(browser.driver().getTitle()).isEqualTo("Create branch for ABC-1");
        assertAtlassianLook();
        assertThat(selectedText("#integration")).isEqualTo("Acme GitHub");
        browser.textIn("#repository-status", "2 repositories found");
        assertLabelled("#create-branch-form .field");
        browser.screenshot("8-create-branch-page-repositories");
        new Select(browser.find("#repository")).selectByValue("acme/web");
        browser.find("#show-branches").click();

        browser.until(d -> "main".equals(valueIfPresent("#source-branch")));
        assertThat(selectedText("#source-branch")).isEqualTo("main (default)");
        assertThat(value("#repository")).isEqualTo("acme/web");
        assertThat(value("#branch-name")).isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertLabelled("#create-branch-form .field");
        browser.screenshot("8-create-branch-page-form");
        browser.find("#create").click();

        WebElement created = browser.textIn("#created", "Branch created");
        WebElement link = created.findElement(By.id("branch-link"));
        assertThat(link.getAttribute("href"))
                .isEqualTo("https://ghe.example/acme/web/tree/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
        assertThat(link.getAccessibleName()).isEqualTo(GitHubEnterpriseWithRepositories.NEW_BRANCH + " (opens in a new tab)");
        assertThat(link.getAttribute("target")).isEqualTo("_blank");
        assertThat(created.getText()).contains("in acme/web").contains("Created by the integration account @integration-bot");
        assertThat(browser.find("#return-to-issue").getAttribute("href")).isEqualTo(site.tenant.baseUrl() + "/browse/ABC-1");
        // The form posted to the page itself: the address bar and the page hold no JWT any more.
        assertThat(browser.driver().getCurrentUrl()).isEqualTo("http://127.0.0.1:" + port + "/pages/create-branch");
        assertThat(browser.driver().getPageSource()).doesNotContain(jwt);
        browser.screenshot("8-create-branch-page-created");

        List<LoggedRequest> refs = site.hostReceived(
                postRequestedFor(urlPathEqualTo(site.host.apiPath() + "/repos/acme/web/git/refs")), site.integrationCredential);
        assertThat(refs).hasSize(1);
        assertThat(JSON.readTree(refs.get(0).getBodyAsString()).path("ref").asText())
                .isEqualTo("refs/heads/" + GitHubEnterpriseWithRepositories.NEW_BRANCH);
    }

    // ---- helpers

    /** The input {@code css}, after checking a {@code <label for>} gives it the accessible name {@code label}. */
    private WebElement labelledAs(String css, String label) {
        WebElement input = browser.visible(css);
        assertThat(input.getAccessibleName()).as("accessible name of %s", css).isEqualTo(label);
        return input;
    }

    /** Every input, select and textarea in {@code formCss} has a label element of its own, and its text names it. */
    @SuppressWarnings("unchecked")
    private void assertLabelled(String formCss) {
        List<Map<String, Object>> controls = (List<Map<String, Object>>) browser.script("""
                return Array.from(document.querySelectorAll(arguments[0] + ' input, ' + arguments[0] + ' select, '
                    + arguments[0] + ' textarea')).map(function (c) {
                  return {id: c.id, labels: Array.from(c.labels || []).map(function (l) { return l.textContent.trim(); })};
                });""", formCss);
        assertThat(controls).isNotEmpty();
        for (Map<String, Object> control : controls) {
            String id = (String) control.get("id");
            assertThat((List<String>) control.get("labels")).as("labels of #%s", id).hasSize(1);
            String label = ((List<String>) control.get("labels")).get(0);
            WebElement element = browser.find("#" + id);
            if (element.isDisplayed()) {
                assertThat(element.getAccessibleName()).as("accessible name of #%s", id).isEqualTo(label);
            }
        }
    }

    /** Atlassian's type, colours and controls, as computed by the browser. */
    private void assertAtlassianLook() {
        WebElement body = browser.find("body");
        assertThat(body.getCssValue("font-size")).isEqualTo("14px");
        assertThat(body.getCssValue("line-height")).isEqualTo("20px");
        assertThat(body.getCssValue("color")).isEqualTo("rgba(23, 43, 77, 1)");
        assertThat(body.getCssValue("font-family")).startsWith("-apple-system");
        WebElement button = browser.find(".button");
        assertThat(button.getCssValue("height")).isEqualTo("32px");
        assertThat(button.getCssValue("border-radius")).isEqualTo("3px");
        assertThat(button.getCssValue("font-weight")).isEqualTo("500");
    }

    /** The glance column is narrow: nothing may stick out sideways, so no horizontal scrolling inside the iframe. */
    private void assertFitsGlanceWidth() {
        assertThat(((Number) browser.script("return window.innerWidth;")).intValue()).isEqualTo(GLANCE_WIDTH);
        assertThat(((Number) browser.script("return document.documentElement.scrollWidth;")).intValue())
                .as("page width inside the %d px glance", GLANCE_WIDTH).isLessThanOrEqualTo(GLANCE_WIDTH);
    }

    /** Jira resized the iframe to the page's content, as all.js asks it to. */
    private void assertFrameFitsContent() {
        browser.until(d -> {
            int content = ((Number) browser.script(
                    "return Math.ceil(document.documentElement.getBoundingClientRect().height);")).intValue();
            return Math.abs(browser.frameHeight() - content) <= 1;
        });
        assertThat(browser.recorded("resizes")).isNotEmpty();
    }

    /** The current value of a form control, read in one step (its options may be replaced meanwhile). */
    private String value(String css) {
        return (String) browser.script("return document.querySelector(arguments[0]).value;", css);
    }

    /** The control's value, or {@code null} while the page that has it is not loaded yet. */
    private String valueIfPresent(String css) {
        return (String) browser.script("var c = document.querySelector(arguments[0]); return c ? c.value : null;", css);
    }

    private String selectedText(String css) {
        return (String) browser.script(
                "var s = document.querySelector(arguments[0]); return s.selectedOptions.length ? s.selectedOptions[0].textContent : null;", css);
    }

    private static String textContent(WebElement element) {
        return element.getDomProperty("textContent").trim();
    }
}
