package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.atlassian.connect.spring.AtlassianHost;
import com.gitbridge.testing.AppTestBase;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A panel read whose Jira answers are in memory is served while another request waits for Jira on an issue not yet
 * kept: a load in the Jira caches holds up only the requests for that same answer. (The same properties as
 * {@code HostCallThreadsTest}: one application context.)
 */
@TestPropertySource(properties = {"gitbridge.host-calls.threads=1", "gitbridge.host-calls.queue=0"})
class SlowJiraTest extends AppTestBase {

    private static final String PROJECT_ID = "10000";

    private final CountDownLatch slowLookupArrived = new CountDownLatch(1);
    private final CountDownLatch answerSlowLookup = new CountDownLatch(1);
    private final ExecutorService jiraThreads = Executors.newCachedThreadPool();
    private HttpServer jira;

    @AfterEach
    void stopJira() {
        answerSlowLookup.countDown();
        if (jira != null) {
            jira.stop(0);
        }
        jiraThreads.shutdownNow();
    }

    @Test
    void aRequestWaitingForJiraDoesNotHoldUpOneAnsweredFromMemory() throws Exception {
        String developer = "developer-" + UUID.randomUUID();
        TestTenant site = siteServedBy(startJira());
        assertThat(http.get("/api/issues/ABC-1/development", site.contextJwt(developer)).statusCode())
                .as("ABC-1 and the permission, now in memory").isEqualTo(200);

        CompletableFuture<HttpResponse<String>> waitingForJira = CompletableFuture.supplyAsync(
                () -> http.get("/api/issues/ABC-2/development", site.contextJwt(developer)));
        assertThat(slowLookupArrived.await(10, TimeUnit.SECONDS)).as("Jira asked for ABC-2").isTrue();

        CompletableFuture<HttpResponse<String>> fromMemory = CompletableFuture.supplyAsync(
                () -> http.get("/api/issues/ABC-1/development", site.contextJwt(developer)));
        assertThat(fromMemory.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(waitingForJira).as("ABC-2 still waits for Jira").isNotDone();

        answerSlowLookup.countDown();
        assertThat(waitingForJira.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /**
     * Jira: the developer may see and view development tools on ABC-1 and ABC-2; ABC-2 is answered only when the
     * test says.
     */
    private String startJira() throws Exception {
        jira = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jira.setExecutor(jiraThreads);
        jira.createContext("/rest/api/3/permissions/check", exchange -> answer(exchange,
                "{\"globalPermissions\":[],\"projectPermissions\":["
                        + "{\"permission\":\"BROWSE_PROJECTS\",\"issues\":[10001,10002],\"projects\":[]},"
                        + "{\"permission\":\"VIEW_DEV_TOOLS\",\"issues\":[10001,10002],\"projects\":[]}]}"));
        jira.createContext("/rest/api/3/issue/", exchange -> {
            String key = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
            if (key.equals("ABC-2")) {
                slowLookupArrived.countDown();
                try {
                    answerSlowLookup.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String id = key.equals("ABC-2") ? "10002" : "10001";
            answer(exchange, "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"s\","
                    + "\"project\":{\"id\":\"" + PROJECT_ID + "\",\"key\":\"ABC\"}}}");
        });
        jira.start();
        return "http://127.0.0.1:" + jira.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private TestTenant siteServedBy(String jiraUrl) {
        AtlassianHost host = new AtlassianHost();
        host.setClientKey("client-" + UUID.randomUUID());
        host.setSharedSecret("secret-" + UUID.randomUUID() + UUID.randomUUID());
        host.setBaseUrl(jiraUrl);
        host.setProductType("jira");
        host.setAddonInstalled(true);
        hosts.save(host);
        return new TestTenant(host.getClientKey(), host.getSharedSecret(), jiraUrl);
    }
}
