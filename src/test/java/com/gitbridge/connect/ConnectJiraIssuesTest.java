package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.atlassian.connect.spring.AtlassianHostRestClients;
import com.gitbridge.jira.JiraIssue;
import com.gitbridge.jira.JiraUser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestTemplate;

/**
 * How long an issue is kept (ten minutes, renewed in the background after nine while in use), and that an answer
 * Jira gave before the issue was asked for again never replaces the newer one. Jira is a small server here whose
 * answers the test holds back when it needs to; the cache's time is the test's.
 */
class ConnectJiraIssuesTest {

    private static final String KEY = "ABC-1";

    private final TestTicker ticker = new TestTicker();
    private final LaterExecutor refreshes = new LaterExecutor();
    private final ExecutorService jiraThreads = Executors.newCachedThreadPool();
    private final Map<String, String> summaries = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile CountDownLatch held;
    private final CountDownLatch heldArrived = new CountDownLatch(1);
    private HttpServer jira;
    private JiraUser user;
    private ConnectJiraIssues issues;

    @BeforeEach
    void startJira() throws IOException {
        jira = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jira.setExecutor(jiraThreads);
        jira.createContext("/rest/api/3/issue/", this::answerLookup);
        jira.start();
        String siteUrl = "http://127.0.0.1:" + jira.getAddress().getPort();
        user = new JiraUser("client-" + UUID.randomUUID(), siteUrl, "developer-" + UUID.randomUUID());
        issues = issues(siteUrl);
    }

    @AfterEach
    void stopJira() {
        if (held != null) {
            held.countDown();
        }
        jira.stop(0);
        jiraThreads.shutdownNow();
    }

    @Test
    void anIssueIsKeptForTenMinutesAndRenewedInTheBackgroundAfterNine() {
        summaries.put(KEY, "Fix login");
        assertThat(summary()).contains("Fix login");
        ticker.advance(Duration.ofMinutes(8));
        assertThat(summary()).contains("Fix login");
        refreshes.runAll();
        assertThat(lookups).as("not due before nine minutes").hasValue(1);

        summaries.put(KEY, "Fix the login");
        ticker.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(summary()).as("due: the kept answer at once").contains("Fix login");
        assertThat(summary()).contains("Fix login");
        refreshes.runAll();
        assertThat(lookups).as("one refresh however many asked").hasValue(2);
        assertThat(summary()).contains("Fix the login");
    }

    @Test
    void anIssueNotRenewedIsAskedForAgainAfterTenMinutes() {
        summaries.put(KEY, "Fix login");
        assertThat(summary()).contains("Fix login");

        summaries.put(KEY, "Fix the login");
        ticker.advance(Duration.ofMinutes(10));
        assertThat(summary()).contains("Fix the login");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anIssueARefreshFindsGoneIsNoLongerKept() {
        summaries.put(KEY, "Soon deleted");
        assertThat(summary()).isPresent();

        summaries.remove(KEY);
        ticker.advance(Duration.ofMinutes(9).plusSeconds(1));
        assertThat(summary()).as("the kept answer, refreshed behind it").isPresent();
        refreshes.runAll();
        assertThat(summary()).isEmpty();
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aRefreshUnderWayWhenTheIssueIsAskedForAgainDoesNotBringBackTheOlderAnswer() throws Exception {
        summaries.put(KEY, "First");
        assertThat(summary()).contains("First");

        ticker.advance(Duration.ofMinutes(9).plusSeconds(1));
        summaries.put(KEY, "Second");
        held = new CountDownLatch(1);
        assertThat(summary()).contains("First");
        CompletableFuture<Void> refresh = CompletableFuture.runAsync(refreshes::runAll);
        assertThat(heldArrived.await(10, TimeUnit.SECONDS)).as("the refresh asked Jira").isTrue();

        // The suggestions ask for the issue as it is now while Jira's answer to the refresh is still on its way.
        CountDownLatch refreshAnswer = held;
        held = null;
        summaries.put(KEY, "Third");
        assertThat(issues.findCurrent(user, KEY)).map(JiraIssue::summary).contains("Third");
        refreshAnswer.countDown();
        refresh.get(10, TimeUnit.SECONDS);

        assertThat(summary()).contains("Third");
        assertThat(lookups).hasValue(3);
    }

    private Optional<String> summary() {
        return issues.find(user, KEY).map(JiraIssue::summary);
    }

    private ConnectJiraIssues issues(String siteUrl) {
        AtlassianHost host = new AtlassianHost();
        host.setClientKey(user.tenantId());
        host.setSharedSecret("secret-" + UUID.randomUUID());
        host.setBaseUrl(siteUrl);
        AtlassianHostRepository hosts = mock(AtlassianHostRepository.class);
        when(hosts.findById(user.tenantId())).thenReturn(Optional.of(host));
        // Unsigned: this Jira does not check the JWT, which is the Connect library's part.
        AtlassianHostRestClients restClients = mock(AtlassianHostRestClients.class);
        when(restClients.authenticatedAsAddon(any(AtlassianHost.class))).thenReturn(new RestTemplate());
        return new ConnectJiraIssues(new JiraRestTemplates(restClients), hosts, refreshes, ticker);
    }

    /** The issue as Jira has it when the request arrives; held back, if the test holds answers, until it lets go. */
    private void answerLookup(HttpExchange exchange) throws IOException {
        lookups.incrementAndGet();
        String key = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
        String summary = summaries.get(key);
        CountDownLatch hold = held;
        if (hold != null) {
            heldArrived.countDown();
            try {
                if (!hold.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the held answer was never let go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (summary == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = ("{\"key\":\"" + key + "\",\"fields\":{\"summary\":\"" + summary
                + "\",\"project\":{\"id\":\"10000\",\"key\":\"ABC\"}}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
