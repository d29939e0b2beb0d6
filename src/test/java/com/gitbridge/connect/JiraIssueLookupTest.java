package com.gitbridge.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import org.junit.jupiter.api.Test;

/**
 * How often the app asks Jira for an issue: the panel's calls share one answer for minutes (its project is what they
 * need of it), a key Jira does not know is asked for again, and the branch name suggestions take the summary as it is.
 */
class JiraIssueLookupTest extends AppTestBase {

    private static final long PROJECT_ID = 10000;

    private final String sitePath = "/jira-" + UUID.randomUUID();
    private final String developer = "developer-" + UUID.randomUUID();
    private final JiraStub jira = new JiraStub(sitePath).developer(developer, PROJECT_ID);

    @Test
    void panelCallsForAnIssueShareOneAnswerFromJira() {
        jira.issue("ABC-1", "Fix login", PROJECT_ID, "ABC");
        TestTenant site = tenant(jira);

        for (int i = 0; i < 3; i++) {
            var read = http.get("/api/issues/ABC-1/development", site.contextJwt(developer));
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        }

        assertThat(issueLookups("ABC-1")).isEqualTo(1);
    }

    @Test
    void aKeyJiraDoesNotKnowIsAskedForAgain() {
        TestTenant site = tenant(jira);

        for (int i = 0; i < 2; i++) {
            var read = http.get("/api/issues/ABC-404/development", site.contextJwt(developer));
            assertThat(read.statusCode()).as(read.body()).isEqualTo(404);
        }
        assertThat(issueLookups("ABC-404")).as("the issue may be created any time").isEqualTo(2);

        jira.issue("ABC-404", "Created since", PROJECT_ID, "ABC");
        assertThat(http.get("/api/issues/ABC-404/development", site.contextJwt(developer)).statusCode()).isEqualTo(200);
    }

    @Test
    void suggestionsTakeTheSummaryAsItIsNow() {
        jira.issue("ABC-2", "Old title", PROJECT_ID, "ABC");
        TestTenant site = tenant(jira);
        assertThat(http.get("/api/issues/ABC-2/development", site.contextJwt(developer)).statusCode()).isEqualTo(200);

        jira.issue("ABC-2", "New title", PROJECT_ID, "ABC");
        var suggestions = http.get("/api/issues/ABC-2/suggestions", site.contextJwt(developer));

        assertThat(suggestions.statusCode()).as(suggestions.body()).isEqualTo(200);
        assertThat(suggestions.body()).contains("ABC-2 New title").doesNotContain("Old title");
        assertThat(issueLookups("ABC-2")).isEqualTo(2);
        // The answer the suggestions brought serves the panel's next calls.
        assertThat(http.get("/api/issues/ABC-2/development", site.contextJwt(developer)).statusCode()).isEqualTo(200);
        assertThat(issueLookups("ABC-2")).isEqualTo(2);
    }

    @Test
    void anIssueTheSuggestionsFindGoneIsGoneForThePanelToo() {
        jira.issue("ABC-3", "Soon deleted", PROJECT_ID, "ABC");
        TestTenant tenant = tenant(jira);
        assertThat(http.get("/api/issues/ABC-3/development", tenant.contextJwt(developer)).statusCode()).isEqualTo(200);

        TestHosts.server().stubFor(get(urlPathEqualTo(sitePath + "/rest/api/3/issue/ABC-3"))
                .willReturn(aResponse().withStatus(404)));

        assertThat(http.get("/api/issues/ABC-3/suggestions", tenant.contextJwt(developer)).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/issues/ABC-3/development", tenant.contextJwt(developer)).statusCode()).isEqualTo(404);
    }

    private int issueLookups(String key) {
        return TestHosts.server().findAll(getRequestedFor(urlPathEqualTo(sitePath + "/rest/api/3/issue/" + key))).size();
    }
}
