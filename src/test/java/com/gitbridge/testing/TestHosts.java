package com.gitbridge.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * One WireMock server per test JVM standing in for Jira sites and git hosts. Tests keep out of each other's way by
 * giving every site and host its own path prefix, so stubs never need resetting.
 */
public final class TestHosts {

    private static WireMockServer server;

    private TestHosts() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            // Threads enough for the load test's 100 users against hosts that answer after a delay (default: 25).
            server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(200)
                    .extensions(new JiraStub.Answers(), new DevinfoStub.Answers()));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String baseUrl() {
        return server().baseUrl();
    }
}
