package com.gitbridge.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.atlassian.connect.spring.AtlassianHostRestClients;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestTemplate;

/**
 * How long a permission answer is kept: a minute at most, whether or not its background refresh (due after 45 s)
 * runs or succeeds. Jira is a stub on the test hosts' server; the cache's time is the test's.
 */
class ConnectJiraPermissionsTest {

    private static final long PROJECT_ID = 10000;
    private static final String PROJECT = String.valueOf(PROJECT_ID);

    private final String sitePath = "/jira-" + UUID.randomUUID();
    private final String developer = "developer-" + UUID.randomUUID();
    private final JiraStub jira = new JiraStub(sitePath).developer(developer, PROJECT_ID);
    private final JiraUser user = new JiraUser("client-" + UUID.randomUUID(), jira.siteUrl(), developer);
    private final TestTicker ticker = new TestTicker();
    private final LaterExecutor refreshes = new LaterExecutor();

    @Test
    void aRevokedPermissionTakesEffectWithinAMinuteEvenIfNoRefreshRuns() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();

        revoke();
        ticker.advance(Duration.ofSeconds(59));
        assertThat(permissions.canViewDevTools(user, PROJECT)).as("kept, its refresh not run yet").isTrue();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(permissions.canViewDevTools(user, PROJECT)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void anAnswerInUseIsRenewedInTheBackgroundBeforeItExpires() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        ticker.advance(Duration.ofSeconds(44));
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        refreshes.runAll();
        assertThat(checks()).as("not due before 45 s").isEqualTo(1);

        revoke();
        ticker.advance(Duration.ofSeconds(2));
        // Due: the requests still get the kept answer at once, and one refresh asks Jira however many asked.
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        assertThat(checks()).isEqualTo(1);
        refreshes.runAll();
        assertThat(checks()).isEqualTo(2);
        assertThat(permissions.canViewDevTools(user, PROJECT)).as("the renewed answer").isFalse();

        // The renewed answer lives its own minute from the refresh.
        ticker.advance(Duration.ofSeconds(59));
        assertThat(permissions.canViewDevTools(user, PROJECT)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void aFailedRefreshLeavesTheOldAnswerOnlyUntilItExpires() {
        ConnectJiraPermissions permissions = permissions(refreshes);
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();

        TestHosts.server().stubFor(post(urlPathEqualTo(jira.permissionCheckPath())).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        ticker.advance(Duration.ofSeconds(50));
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        refreshes.runAll();
        assertThat(checks()).as("the refresh asked").isEqualTo(2);

        ticker.advance(Duration.ofSeconds(9));
        assertThat(permissions.canViewDevTools(user, PROJECT)).as("still within its minute").isTrue();
        ticker.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> permissions.canViewDevTools(user, PROJECT)).isInstanceOf(JiraUnavailableException.class);
    }

    @Test
    void aRefreshTheThreadsHaveNoRoomForLeavesTheRequestItsKeptAnswer() {
        Executor full = task -> {
            throw new RejectedExecutionException("queue full");
        };
        ConnectJiraPermissions permissions = permissions(full);
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();

        revoke();
        ticker.advance(Duration.ofSeconds(50));
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        ticker.advance(Duration.ofSeconds(10));
        assertThat(permissions.canViewDevTools(user, PROJECT)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    @Test
    void administratorAndProjectAnswersAreKeptApart() {
        ConnectJiraPermissions permissions = permissions(refreshes);

        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        assertThat(permissions.isAdministrator(user)).isFalse();
        assertThat(permissions.canViewDevTools(user, PROJECT)).isTrue();
        assertThat(permissions.isAdministrator(user)).isFalse();
        assertThat(checks()).isEqualTo(2);
    }

    private ConnectJiraPermissions permissions(Executor refreshes) {
        AtlassianHost host = new AtlassianHost();
        host.setClientKey(user.tenantId());
        host.setSharedSecret("secret-" + UUID.randomUUID());
        host.setBaseUrl(jira.siteUrl());
        AtlassianHostRepository hosts = mock(AtlassianHostRepository.class);
        when(hosts.findById(user.tenantId())).thenReturn(Optional.of(host));
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

    private int checks() {
        return TestHosts.server().countRequestsMatching(
                postRequestedFor(urlPathEqualTo(jira.permissionCheckPath())).build()).getCount();
    }
}
