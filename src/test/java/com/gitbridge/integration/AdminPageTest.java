package com.gitbridge.integration;

import static com.gitbridge.testing.PageAssertions.assertConnectLayout;
import static com.gitbridge.testing.PageAssertions.assertEveryControlIsLabelled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.AppTestBase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class AdminPageTest extends AppTestBase {

    private Document adminPage() {
        var tenant = tenant();
        var response = http.get("/pages/admin", tenant.pageJwt("admin-1", "GET", "/pages/admin"));
        assertThat(response.statusCode()).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    @Test
    void rendersInsideTheConnectLayoutWithLabelledControls() {
        Document page = adminPage();
        assertConnectLayout(page);
        assertEveryControlIsLabelled(page);
        assertThat(page.select("h1").text()).isEqualTo("Manage Git repositories");
        assertThat(page.select("script[src]").eachAttr("src")).contains("/js/admin.js");
    }

    @Test
    void addFormOffersEveryHostTypeWithItsHelp() {
        Document page = adminPage();
        assertThat(page.select("#add-type option").eachAttr("value"))
                .containsExactly(Arrays.stream(ProviderType.values()).map(Enum::name).toArray(String[]::new));
        assertThat(page.select("#add-type option[value=AWS_CODECOMMIT]").attr("data-uses-region")).isEqualTo("true");
        assertThat(page.select("#add-type option[value=GITHUB_ENTERPRISE]").attr("data-requires-url")).isEqualTo("true");
        assertThat(page.select("#add-type option[value=GITHUB]").attr("data-default-url")).isEqualTo("https://github.com");
        for (ProviderType type : ProviderType.values()) {
            assertThat(page.select("[data-help-for=" + type.name() + "]").text()).as(type.name()).isNotBlank();
        }
        assertThat(page.select("[data-help-for=AWS_CODECOMMIT]").text()).contains("CreateBranch").contains("CreatePullRequest");
        assertThat(page.select("#add-token").attr("type")).isEqualTo("password");
        assertThat(page.select("label[for=add-require-pat]").text()).isEqualTo("Require User PAT");
    }

    @Test
    void editSettingsOffersRequireUserPatAndUpdate() {
        Document page = adminPage();
        Document edit = Jsoup.parse(page.select("#edit-template").html());
        assertThat(edit.select("h3").text()).isEqualTo("Edit integration settings");
        assertThat(edit.select("input[type=checkbox][name=requireUserPat]")).hasSize(1);
        assertThat(edit.select("label[data-for=requireUserPat]").text()).isEqualTo("Require User PAT");
        assertThat(edit.select("button[type=submit]").text()).isEqualTo("Update");
        assertThat(Jsoup.parse(page.select("#row-template").html()).select("button").eachText())
                .contains("Edit integration settings", "Test connection", "Repositories", "Delete");
        assertThat(Jsoup.parse(page.select("#delete-template").html()).text()).contains("cannot be undone");
    }

    @Test
    void indexingViewHasAColumnForWhatJiraHolds() {
        Document page = adminPage();
        Document indexing = Jsoup.parse(page.select("#indexing-template").html());
        assertThat(indexing.select("th").eachText()).containsExactly("Repository", "State", "Commits", "Last indexed", "Jira");
        var strings = page.select("#strings");
        assertThat(strings.attr("data-jira-sent")).isEqualTo("Sent {0}");
        assertThat(strings.attr("data-jira-pending")).isEqualTo("{0} pending");
        assertThat(strings.attr("data-jira-failed")).isEqualTo("Failed \u2013 {0}");
        assertThat(strings.attr("data-jira-sending")).isEqualTo("Sending");
    }

    @Test
    void everyFieldHasAPlaceForItsError() {
        Document page = adminPage();
        assertThat(page.select("#add-form [data-error-for]").eachAttr("data-error-for"))
                .contains("type", "name", "baseUrl", "region", "credential.token", "credential.accessKeyId",
                        "credential.secretAccessKey");
    }

    @Test
    void scriptRendersHostDataAsTextOnly() throws Exception {
        String script = new String(getClass().getResourceAsStream("/static/js/admin.js").readAllBytes());
        assertThat(script).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
    }
}
