package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.connect.spring.AtlassianHost;
import com.gitbridge.jira.JiraIssues;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.testing.AppTestBase;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Calls to Jira as the app go over kept-alive connections. They did not: the Connect library builds a RestTemplate
 * per call, each came with an HTTP client of its own, and under load every Jira call paid a new connection and left
 * a thread behind.
 */
class JiraConnectionReuseTest extends AppTestBase {

    @Autowired
    JiraIssues issues;

    @Test
    void successiveCallsToJiraReuseAConnection() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        HttpServer jira = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jira.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String key = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
            byte[] body = ("{\"key\":\"" + key + "\",\"fields\":{\"summary\":\"s\",\"project\":{\"id\":\"10000\",\"key\":\"ABC\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jira.start();
        try {
            AtlassianHost host = new AtlassianHost();
            host.setClientKey("client-" + UUID.randomUUID());
            host.setSharedSecret("secret-" + UUID.randomUUID() + UUID.randomUUID());
            host.setBaseUrl("http://127.0.0.1:" + jira.getAddress().getPort());
            host.setProductType("jira");
            host.setAddonInstalled(true);
            hosts.save(host);
            JiraUser user = new JiraUser(host.getClientKey(), host.getBaseUrl(), "account-1");

            for (int i = 1; i <= 10; i++) {
                assertThat(issues.find(user, "ABC-" + i)).as("ABC-" + i).isPresent();
            }

            assertThat(clientPorts).as("connections the 10 calls came on").hasSize(1);
        } finally {
            jira.stop(0);
        }
    }
}
