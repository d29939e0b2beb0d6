package com.gitbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.canary.Canary;
import com.gitbridge.testing.hosts.SimulatedHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole app on a random port with an in-memory H2 database and a local install-keys server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class AppTestBase {

    public static final String ADDON_BASE_URL = "https://gitbridge.test";

    @LocalServerPort
    protected int port;

    @Autowired
    protected AtlassianHostRepository hosts;

    protected AppHttp http;

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void installKeys(DynamicPropertyRegistry registry) {
        registry.add("atlassian.connect.public-key-base-url", () -> InstallKeyServer.get().baseUrl());
        registry.add("gitbridge.aws.endpoint-override", TestHosts::baseUrl);
    }

    @BeforeEach
    void setUpHttp() {
        http = new AppHttp(port);
    }

    /** A tenant as a finished install leaves it: stored, installed, with its shared secret. */
    protected TestTenant tenant() {
        return tenant(null);
    }

    /** A tenant whose Jira REST API is {@code jira} (a stub on the test hosts' server). */
    protected TestTenant tenant(JiraStub jira) {
        return installTenant(hosts, jira);
    }

    /**
     * An integration of {@code site} on {@code host}, added by {@code admin} through the API as the admin page adds
     * it, acting with {@code credential}; its id.
     */
    protected String addIntegration(TestTenant site, String admin, SimulatedHost host, TestCredential credential,
                                    boolean requireUserPat) {
        var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"%s","name":"Acme","baseUrl":%s,"region":%s,"credential":%s,"requireUserPat":%s}
                """.formatted(host.type(), quoted(host.baseUrl()), quoted(host.region()), credential.json(), requireUserPat));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try {
            return JSON.readTree(created.body()).path("id").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /** {@link #tenant(JiraStub)} for tests that start the app themselves. */
    public static TestTenant installTenant(AtlassianHostRepository hosts, JiraStub jira) {
        String clientKey = "client-" + UUID.randomUUID();
        String sharedSecret = Canary.secret("secret-", UUID.randomUUID() + "" + UUID.randomUUID());
        AtlassianHost host = new AtlassianHost();
        host.setClientKey(clientKey);
        host.setSharedSecret(sharedSecret);
        host.setBaseUrl(jira == null ? "https://" + clientKey + ".atlassian.net" : jira.siteUrl());
        host.setProductType("jira");
        host.setAddonInstalled(true);
        hosts.save(host);
        return new TestTenant(clientKey, sharedSecret, host.getBaseUrl());
    }

    public record TestTenant(String clientKey, String sharedSecret, String baseUrl) {

        public String contextJwt(String accountId) {
            return ConnectJwt.context(clientKey, accountId).signHs256(sharedSecret);
        }

        public String pageJwt(String accountId, String method, String pathAndQuery) {
            return ConnectJwt.forRequest(clientKey, accountId, method, pathAndQuery).signHs256(sharedSecret);
        }
    }
}
