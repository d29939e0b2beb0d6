package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Pages tell the browser who may frame them (Jira Cloud, and in tests the stand-in Jira's loopback origin) and where
 * scripts may come from (the app and Jira's {@code all.js}), so injected markup cannot run script or be framed by
 * another site. The pages themselves carry no inline script the policy would block; the browser test runs them under it.
 */
class PageContentSecurityPolicyTest extends AppTestBase {

    private static final String ACCOUNT = "admin-" + UUID.randomUUID();
    private static final List<String> PAGES = List.of("/pages/admin", "/pages/user-settings",
            "/pages/issue-panel?issueKey=ABC-1&issueId=10001&projectKey=ABC&projectId=10000");

    @Value("${gitbridge.pages.frame-ancestors}")
    String frameAncestors;

    private static Map<String, String> directives(String policy) {
        Map<String, String> directives = new LinkedHashMap<>();
        for (String directive : policy.split(";")) {
            String[] parts = directive.trim().split("\\s+", 2);
            directives.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return directives;
    }

    @Test
    void everyPageSendsThePolicy() {
        var site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(ACCOUNT).developer(ACCOUNT, 10000)
                .issue("ABC-1", "Fix the login", 10000, "ABC"));
        for (String page : PAGES) {
            var response = http.get(page, site.pageJwt(ACCOUNT, "GET", page));
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            var policy = directives(response.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertThat(policy.get("frame-ancestors")).as(page).isEqualTo(frameAncestors);
            // The test profile's all.js is the app's own (/test/all.js).
            assertThat(policy.get("script-src")).as(page).isEqualTo("'self'");
            assertThat(policy.get("object-src")).as(page).isEqualTo("'none'");
            assertThat(policy.get("base-uri")).as(page).isEqualTo("'none'");
            // Nothing contradicts it: frame-ancestors alone decides who frames the page.
            assertThat(response.headers().firstValue("X-Frame-Options")).as(page).isEmpty();
            assertNoInlineScript(page, Jsoup.parse(response.body()));
        }
    }

    @Test
    void theDefaultAdmitsJiraCloudAndScriptsFromAtlassiansCdn() {
        String policy = PageSecurityPolicyFilter.policy("https://*.atlassian.net https://*.jira.com",
                "https://connect-cdn.atl-paas.net/all.js");
        assertThat(directives(policy)).containsEntry("frame-ancestors", "https://*.atlassian.net https://*.jira.com")
                .containsEntry("script-src", "'self' https://connect-cdn.atl-paas.net")
                .containsEntry("object-src", "'none'")
                .containsEntry("base-uri", "'none'");
        assertThat(directives(PageSecurityPolicyFilter.policy("https://*.atlassian.net", "http://localhost:9000/js/all.js")))
                .containsEntry("script-src", "'self' http://localhost:9000");
    }

    @Test
    void theJsonApiAndTheDescriptorAreNotPages() {
        var site = tenant();
        assertThat(http.get("/api/me/tokens", site.contextJwt(ACCOUNT)).headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(http.get("/atlassian-connect.json", null).headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    /** Scripts only by {@code src}, no event-handler attributes, no {@code javascript:} links: all of it CSP blocks. */
    private static void assertNoInlineScript(String page, Document document) {
        for (Element script : document.select("script")) {
            assertThat(script.hasAttr("src")).as("%s: %s", page, script).isTrue();
            assertThat(script.data()).as("%s: %s", page, script).isBlank();
        }
        for (Element element : document.getAllElements()) {
            assertThat(element.attributes().asList().stream().map(Attribute::getKey))
                    .as("%s: %s", page, element.tagName()).noneMatch(name -> name.toLowerCase().startsWith("on"));
            assertThat(element.attr("href")).as(page).doesNotStartWithIgnoringCase("javascript:");
        }
    }
}
