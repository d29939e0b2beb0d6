package com.gitbridge.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.atlassian.connect.spring.AtlassianHostRestClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestTemplate;

/**
 * What the app asks of Jira for an issue (both permissions, of the issue itself, so that its security level counts),
 * and how long an answer is kept: a minute at most, whether or not its background refresh (due after 45 s) runs or
 * succeeds. Jira is a stub on the test hosts' server; the cache's time is the test's.
 */
class ConnectJiraPermissionsTest {

    private static final long PROJECT_ID = 10000;

    private static final String OTHER_TENANT = "other-client-" + UUID.randomUUID();

    private final String sitePath = "/jira-" + UUID.randomUUID();
    private final String developer = "developer-" + UUID.randomUUID();
    private final JiraStub jira = new JiraStub(sitePath).developer(developer, PROJECT_ID)
            .issue("ABC-1", "Fix the login", PROJECT_ID, "ABC").issue("ABC-2", "Other", PROJECT_ID, "ABC");
    private final String issue = jira.issueId("ABC-1");
    private final JiraUser user = new JiraUser("client-" + UUID.randomUUID(), jira.siteUrl(), developer);
    private final TestTicker ticker = new TestTicker();
    private final LaterExecutor refreshes = new LaterExecutor();

    @Test
    void aRevokedPermissionTakesEffectWithinAMinuteEvenIfNoRefreshRuns() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();

        revoke();
        ticker.advance(Duration.ofSeconds(59));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).as("kept, its refresh not run yet").isTrue();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void anAnswerInUseIsRenewedInTheBackgroundBeforeItExpires() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        ticker.advance(Duration.ofSeconds(44));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        refreshes.runAll();
        assertThat(checks()).as("not due before 45 s").isEqualTo(1);

        revoke();
        ticker.advance(Duration.ofSeconds(2));
        // Due: the requests still get the kept answer at once, and one refresh asks Jira however many asked.
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        assertThat(checks()).isEqualTo(1);
        refreshes.runAll();
        assertThat(checks()).isEqualTo(2);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).as("the renewed answer").isFalse();

        // The renewed answer lives its own minute from the refresh.
        ticker.advance(Duration.ofSeconds(59));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void aFailedRefreshLeavesTheOldAnswerOnlyUntilItExpires() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();

        TestHosts.server().stubFor(post(urlPathEqualTo(jira.permissionCheckPath())).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        ticker.advance(Duration.ofSeconds(50));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        refreshes.runAll();
        assertThat(checks()).as("the refresh asked").isEqualTo(2);

        ticker.advance(Duration.ofSeconds(9));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).as("still within its minute").isTrue();
        ticker.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> permissions.canUseDevelopmentTools(user, issue)).isInstanceOf(JiraUnavailableException.class);
    }

    @Test
    void aRefreshTheThreadsHaveNoRoomForLeavesTheRequestItsKeptAnswer() {
        Executor full = task -> {
            throw new RejectedExecutionException("queue full");
        };
        ConnectJiraPermissions permissions = permissions(full);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();

        revoke();
        ticker.advance(Duration.ofSeconds(50));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        ticker.advance(Duration.ofSeconds(10));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void administratorAndIssueAnswersAreKeptApart() {
        ConnectJiraPermissions permissions = permissions(refreshes);

        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        assertThat(permissions.isAdministrator(user)).isFalse();
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        assertThat(permissions.isAdministrator(user)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void asksJiraForBrowseAndViewDevelopmentToolsOnTheIssueItself() throws Exception {
        assertThat(permissions(refreshes).canUseDevelopmentTools(user, issue)).isTrue();

        var asked = TestHosts.server().findAll(postRequestedFor(urlPathEqualTo(jira.permissionCheckPath())));
        assertThat(asked).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(asked.get(0).getBodyAsString());
        assertThat(body.path("accountId").asText()).isEqualTo(developer);
        assertThat(body.path("projectPermissions")).hasSize(1);
        JsonNode question = body.path("projectPermissions").get(0);
        assertThat(question.path("permissions").toString()).isEqualTo("[\"BROWSE_PROJECTS\",\"VIEW_DEV_TOOLS\"]");
        assertThat(question.path("issues").toString()).isEqualTo("[" + issue + "]");
        assertThat(question.has("projects")).as("asked of the issue, not its project").isFalse();
    }

    @Test
    void anIssueSecurityLevelDeniesTheIssueWhateverTheProjectGrants() {
        jira.secured("ABC-2");
        ConnectJiraPermissions permissions = permissions(refreshes);

        assertThat(permissions.canUseDevelopmentTools(user, jira.issueId("ABC-2"))).isFalse();
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        assertThat(permissions.canUseDevelopmentTools(user, jira.issueId("ABC-2"))).isFalse();
        assertThat(checks()).as("one answer kept per issue").isEqualTo(2);
    }

    @Test
    void eitherPermissionAloneIsNotEnough() {
        String browser = "browser-" + UUID.randomUUID();
        jira.browser(browser, PROJECT_ID);
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(new JiraUser(user.tenantId(), jira.siteUrl(), browser), issue))
                .as("browse without View Development Tools").isFalse();

        String devToolsOnly = "dev-tools-only-" + UUID.randomUUID();
        TestHosts.server().stubFor(post(urlPathEqualTo(jira.permissionCheckPath())).atPriority(1)
                .withRequestBody(matchingJsonPath("$.accountId", equalTo(devToolsOnly)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"projectPermissions\":[{\"permission\":\"VIEW_DEV_TOOLS\",\"issues\":[" + issue
                                + "],\"projects\":[]},{\"permission\":\"BROWSE_PROJECTS\",\"issues\":[],\"projects\":["
                                + PROJECT_ID + "]}]}")));
        assertThat(permissions.canUseDevelopmentTools(new JiraUser(user.tenantId(), jira.siteUrl(), devToolsOnly), issue))
                .as("View Development Tools on the issue, browse on its project only").isFalse();
    }

    @Test
    void aMissAsksInTheSameCallAboutTheIssuesOthersAskedAboutLately() throws Exception {
        jira.secured("ABC-2");
        String colleague = "colleague-" + UUID.randomUUID();
        jira.developer(colleague, PROJECT_ID);
        JiraUser other = new JiraUser(user.tenantId(), jira.siteUrl(), colleague);
        String secured = jira.issueId("ABC-2");
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        assertThat(permissions.canUseDevelopmentTools(user, secured)).isFalse();
        assertThat(checks()).isEqualTo(2);

        assertThat(permissions.canUseDevelopmentTools(other, secured)).isFalse();
        assertThat(checks()).isEqualTo(3);
        assertThat(askedIssues(2)).as("the issue asked first, then the site's latest").containsExactly(secured, issue);
        assertThat(permissions.canUseDevelopmentTools(other, issue)).as("Jira's answer for this user").isTrue();
        assertThat(permissions.canUseDevelopmentTools(other, secured)).isFalse();
        assertThat(checks()).as("both answers came with the one call").isEqualTo(3);

        ticker.advance(Duration.ofSeconds(60));
        assertThat(permissions.canUseDevelopmentTools(other, issue)).as("asked along, kept no longer").isTrue();
        assertThat(checks()).isEqualTo(4);
    }

    @Test
    void aRefreshRenewsTheUsersOtherDueAnswersInTheSameCall() throws Exception {
        ConnectJiraPermissions permissions = permissions(refreshes);
        String second = jira.issueId("ABC-2");
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        ticker.advance(Duration.ofSeconds(10));
        assertThat(permissions.canUseDevelopmentTools(user, second)).isTrue();
        assertThat(checks()).isEqualTo(2);

        ticker.advance(Duration.ofSeconds(40));
        revoke();
        assertThat(permissions.canUseDevelopmentTools(user, second)).as("40 s old: not due").isTrue();
        refreshes.runAll();
        assertThat(checks()).isEqualTo(2);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).as("the kept answer, its refresh under way").isTrue();
        refreshes.runAll();
        assertThat(checks()).isEqualTo(3);
        assertThat(askedIssues(2)).as("the 40 s old answer is not due yet").containsExactly(issue);

        ticker.advance(Duration.ofSeconds(6));
        assertThat(permissions.canUseDevelopmentTools(user, second)).isTrue();
        refreshes.runAll();
        assertThat(checks()).isEqualTo(4);
        assertThat(permissions.canUseDevelopmentTools(user, second)).isFalse();

        ticker.advance(Duration.ofSeconds(46));
        assertThat(permissions.canUseDevelopmentTools(user, issue)).as("due, kept while renewed").isFalse();
        refreshes.runAll();
        assertThat(askedIssues(4)).as("the other due answer renewed along").containsExactly(issue, second);
        assertThat(permissions.canUseDevelopmentTools(user, second)).isFalse();
        refreshes.runAll();
        assertThat(checks()).as("found fresh: no refresh of its own").isEqualTo(5);
    }

    @Test
    void anotherSitesIssuesAreNeverAskedAbout() throws Exception {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(user, issue)).isTrue();
        String otherIssue = jira.issueId("ABC-2");
        permissions.canUseDevelopmentTools(new JiraUser(OTHER_TENANT, jira.siteUrl(), developer), otherIssue);
        assertThat(askedIssues(1)).containsExactly(otherIssue);
    }

    @Test
    void oneCheckAsksAboutAHundredIssuesAtMostAndNeverAboutAnswersKept() throws Exception {
        jira.issuesOf("BIG", PROJECT_ID);
        String colleague = "colleague-" + UUID.randomUUID();
        jira.developer(colleague, PROJECT_ID);
        JiraUser other = new JiraUser(user.tenantId(), jira.siteUrl(), colleague);
        ConnectJiraPermissions permissions = permissions(refreshes);
        for (int i = 1; i <= 150; i++) {
            assertThat(permissions.canUseDevelopmentTools(user, jira.issueId("BIG-" + i))).isTrue();
        }
        assertThat(permissions.canUseDevelopmentTools(other, jira.issueId("BIG-150"))).isTrue();
        assertThat(permissions.canUseDevelopmentTools(other, jira.issueId("BIG-1"))).isTrue();
        int calls = checks();

        List<String> first = askedIssues(calls - 2);
        assertThat(first).hasSize(ConnectJiraPermissions.ISSUES_PER_CHECK).doesNotHaveDuplicates();
        assertThat(first.get(0)).isEqualTo(jira.issueId("BIG-150"));
        assertThat(first.get(1)).as("the latest asked next").isEqualTo(jira.issueId("BIG-149"));
        List<String> second = askedIssues(calls - 1);
        assertThat(second).hasSize(50).doesNotContainAnyElementsOf(first);
        for (int i = 1; i <= 150; i++) {
            assertThat(permissions.canUseDevelopmentTools(other, jira.issueId("BIG-" + i))).isTrue();
        }
        assertThat(checks()).isEqualTo(calls);
    }

    @Test
    void asksNothingForAnIssueIdThatIsNotOne() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canUseDevelopmentTools(user, null)).isFalse();
        assertThat(permissions.canUseDevelopmentTools(user, "10001 or 1=1")).isFalse();
        assertThat(checks()).isZero();
    }

    private ConnectJiraPermissions permissions(Executor refreshes) {
        AtlassianHost host = new AtlassianHost();
        host.setClientKey(user.tenantId());
        host.setSharedSecret("secret-" + UUID.randomUUID());
        host.setBaseUrl(jira.siteUrl());
        AtlassianHostRepository hosts = mock(AtlassianHostRepository.class);
        when(hosts.findById(user.tenantId())).thenReturn(Optional.of(host));
        AtlassianHost otherSite = new AtlassianHost();
        otherSite.setClientKey(OTHER_TENANT);
        otherSite.setSharedSecret("secret-" + UUID.randomUUID());
        otherSite.setBaseUrl(jira.siteUrl());
        when(hosts.findById(OTHER_TENANT)).thenReturn(Optional.of(otherSite));
        // Unsigned: the stub does not check the JWT, which is the Connect library's part.
        AtlassianHostRestClients restClients = mock(AtlassianHostRestClients.class);
        when(restClients.authenticatedAsAddon(any(AtlassianHost.class))).thenReturn(new RestTemplate());
        return new ConnectJiraPermissions(new JiraRestTemplates(restClients), hosts, refreshes, ticker);
    }

    private void revoke() {
        TestHosts.server().stubFor(post(urlPathEqualTo(jira.permissionCheckPath())).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"globalPermissions\":[],\"projectPermissions\":[]}")));
    }

    /** The issue ids the check with this index (0: the first) asked about, in the order asked. */
    private List<String> askedIssues(int index) throws Exception {
        var asked = TestHosts.server().findAll(postRequestedFor(urlPathEqualTo(jira.permissionCheckPath())));
        JsonNode issues = new ObjectMapper().readTree(asked.get(index).getBodyAsString())
                .path("projectPermissions").get(0).path("issues");
        List<String> ids = new ArrayList<>();
        issues.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private int checks() {
        return TestHosts.server().countRequestsMatching(
                postRequestedFor(urlPathEqualTo(jira.permissionCheckPath())).build()).getCount();
    }
}
