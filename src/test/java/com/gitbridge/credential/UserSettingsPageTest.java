package com.gitbridge.credential;

import static com.gitbridge.testing.PageAssertions.assertConnectLayout;
import static com.gitbridge.testing.PageAssertions.assertEveryControlIsLabelled;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.AppTestBase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class UserSettingsPageTest extends AppTestBase {

    private static final String PATH = "/pages/user-settings";

    private Document settingsPage() {
        var tenant = tenant();
        var response = http.get(PATH, tenant.pageJwt("user-1", "GET", PATH));
        assertThat(response.statusCode()).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    private static Document card(Document page) {
        return Jsoup.parse(page.select("#token-template").html());
    }

    private static String string(Document page, String key) {
        return page.select("#strings [data-string=\"" + key + "\"]").text();
    }

    private static String script() throws Exception {
        try (var in = UserSettingsPageTest.class.getResourceAsStream("/static/js/user-settings.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void refusedWithoutTheJiraPageToken() {
        assertThat(http.get(PATH, null).statusCode()).isEqualTo(401);
    }

    @Test
    void rendersInsideTheConnectLayoutWithLabelledControls() {
        Document page = settingsPage();
        assertConnectLayout(page);
        assertEveryControlIsLabelled(page);
        assertThat(page.select("h1").text()).isEqualTo("Git Bridge user settings");
        assertThat(page.select("script[src]").eachAttr("src")).contains("/js/user-settings.js");
        assertThat(page.select("#message").attr("aria-live")).isEqualTo("polite");
        assertThat(page.select("#loading").text()).isNotBlank();
    }

    @Test
    void introSaysWhyAndHowTokensAreKept() {
        String intro = settingsPage().select("main > p").text();
        assertThat(intro).contains("branches and pull requests you create are made with your token");
        assertThat(intro).contains("stored encrypted").contains("never shown again");
    }

    @Test
    void emptyStateSaysAnAdministratorMustAddAnIntegrationFirst() {
        Element empty = settingsPage().selectFirst("#empty");
        assertThat(empty).isNotNull();
        assertThat(empty.hasAttr("hidden")).isTrue();
        assertThat(empty.text()).contains("No integrations yet").contains("administrator").contains("Manage Git repositories");
    }

    @Test
    void cardTemplateHasEveryControlLabelledAndAPlaceForEachError() {
        Document card = card(settingsPage());
        for (Element label : card.select("label[data-for]")) {
            String name = label.attr("data-for");
            assertThat(card.select("input[name=" + name + "]")).as("input %s", name).hasSize(1);
            assertThat(card.select("[data-error-for=" + name + "]")).as("error place for %s", name).hasSize(1);
        }
        assertThat(card.select("label[data-for]").eachAttr("data-for")).containsExactly("token", "accessKeyId", "secretAccessKey");
        assertThat(card.select("label[data-for=token]").text()).isEqualTo("Personal access token");
        assertThat(card.select("label[data-for=accessKeyId]").text()).isEqualTo("IAM access key id");
        assertThat(card.select("label[data-for=secretAccessKey]").text()).isEqualTo("Secret access key");
        assertThat(card.select("[data-error-for=form]")).hasSize(1);
        assertThat(card.select("[data-slot=result]").attr("aria-live")).isEqualTo("polite");
    }

    @Test
    void secretsAreTypedIntoPasswordFieldsThatAreNeverPrefilled() throws Exception {
        Document page = settingsPage();
        Document card = card(page);
        assertThat(card.select("input[name=token]").attr("type")).isEqualTo("password");
        assertThat(card.select("input[name=secretAccessKey]").attr("type")).isEqualTo("password");
        assertThat(card.select("input[name=accessKeyId]").attr("type")).isEqualTo("text");
        assertThat(card.select("[data-credential=aws]").hasAttr("hidden")).isTrue();
        assertThat(card.select("input[value]")).isEmpty();
        assertThat(card.select("input").eachAttr("autocomplete")).containsOnly("off");
        assertThat(script()).doesNotContainPattern("\\.value\\s*=(?!=|\\s*'')");
    }

    @Test
    void cardTemplateOffersNewTokenSaveAndRemoveWithConfirmation() {
        Document card = card(settingsPage());
        Element newToken = card.selectFirst("a[data-slot=new-token]");
        assertThat(newToken).isNotNull();
        assertThat(newToken.text()).startsWith("New token");
        assertThat(newToken.attr("target")).isEqualTo("_blank");
        assertThat(newToken.attr("rel").split(" ")).contains("noopener", "noreferrer");
        assertThat(newToken.select(".token-sr-only").text()).isEqualTo("(opens in a new tab)");
        assertThat(card.select("[data-slot=steps]")).hasSize(1);

        assertThat(card.select("button[type=submit][data-action=save]").text()).isEqualTo("Save");
        Element remove = card.selectFirst("button[data-action=remove]");
        assertThat(remove.text()).isEqualTo("Remove");
        assertThat(remove.attr("type")).isEqualTo("button");
        assertThat(remove.hasAttr("hidden")).as("only shown once a token is stored").isTrue();

        Element confirm = card.selectFirst("[data-slot=confirm]");
        assertThat(confirm.hasAttr("hidden")).isTrue();
        assertThat(confirm.select("[data-slot=confirm-title]").text()).isEqualTo("Remove your token for this integration?");
        assertThat(confirm.select("button[data-action=confirm-remove]").text()).isEqualTo("Remove");
        assertThat(confirm.select("button[data-action=cancel-remove]").text()).isEqualTo("Cancel");
        assertThat(card.select("[data-slot=required]").text()).isEqualTo("Required");
    }

    @Test
    void statusWordsAndDetailsComeFromTheBundle() {
        Document page = settingsPage();
        assertThat(string(page, "status.MISSING")).isEqualTo("Not set");
        assertThat(string(page, "status.VALID")).isEqualTo("Valid");
        assertThat(string(page, "status.EXPIRED")).isEqualTo("Expired");
        assertThat(string(page, "status.INVALID")).isEqualTo("Rejected by the host");
        assertThat(string(page, "status.VALID") + page.select("#strings [data-string=\"status.separator\"]").first().wholeText()
                + string(page, "status.actingAs").replace("{0}", "octocat")).isEqualTo("Valid: acting as @octocat");
        assertThat(string(page, "status.expiresInDays")).isEqualTo(", expires in {0} days");
        assertThat(string(page, "status.expiresInOneDay")).isEqualTo(", expires in 1 day");
        assertThat(string(page, "status.expiresToday")).isEqualTo(", expires today");
        assertThat(string(page, "hint")).isEqualTo("Token ending \u2026{0}");
        assertThat(string(page, "scopes")).isEqualTo("Scopes: {0}");
        assertThat(string(page, "saved")).isNotBlank();
        assertThat(string(page, "removed")).isNotBlank();
    }

    @Test
    void everyHostTypeHasItsName() {
        Document page = settingsPage();
        for (ProviderType type : ProviderType.values()) {
            assertThat(page.select("#type-names [data-type=" + type.name() + "]").text()).as(type.name())
                    .isEqualTo(type.displayName());
        }
    }

    @Test
    void everythingTheScriptLooksUpIsOnThePage() throws Exception {
        Document page = settingsPage();
        Document card = card(page);
        String script = script();
        for (String id : matches(script, "getElementById\\('([^']+)'\\)")) {
            assertThat(page.getElementById(id)).as("#%s", id).isNotNull();
        }
        for (String name : matches(script, "slot\\(card, '([^']+)'\\)")) {
            assertThat(card.select("[data-slot=" + name + "]")).as("slot %s", name).isNotEmpty();
        }
        for (String action : matches(script, "data-action=\"([^\"]+)\"")) {
            assertThat(card.select("[data-action=" + action + "]")).as("action %s", action).hasSize(1);
        }
        for (String credential : matches(script, "data-credential=\"([^\"]+)\"")) {
            assertThat(card.select("[data-credential=" + credential + "]")).as("credential %s", credential).hasSize(1);
        }
        Set<String> keys = new LinkedHashSet<>();
        keys.addAll(matches(script, "strings\\['([^']+)'\\]"));
        keys.addAll(matches(script, "strings\\.([a-zA-Z]+)"));
        keys.addAll(matches(script, "'((?:status|note|hint)\\.[A-Za-z.]+)'"));
        for (String status : new String[] {"MISSING", "VALID", "EXPIRED", "INVALID"}) {
            keys.add("status." + status);
        }
        assertThat(keys).isNotEmpty();
        for (String key : keys) {
            assertThat(string(page, key)).as("string %s", key).isNotBlank();
        }
    }

    @Test
    void scriptRendersDataAsTextOnly() throws Exception {
        assertThat(script()).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
    }
}
