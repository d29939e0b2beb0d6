package com.gitbridge.issue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.AzureHost;
import com.gitbridge.testing.hosts.CodeCommitHost;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.GitLabSelfManagedHost;
import com.gitbridge.testing.hosts.SimulatedHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

/**
 * A host that fails while a user lists repositories, creates a branch or opens a pull request, for each host family
 * and each way of failing: the user gets the contract's problem, the audit trail records the attempts as failed,
 * the user's token stays valid, and once the host is healthy again the same requests succeed.
 */
@TestPropertySource(properties = "gitbridge.provider.read-timeout=1s")
class HostFaultsTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUE = "ABC-1";
    private static final long PROJECT_ID = 10000;

    /** A way a host fails, and the answer the user should get. */
    record HostFault(String name, Function<SimulatedHost, ResponseDefinitionBuilder> response, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> faults() {
        List<Named<Supplier<SimulatedHost>>> hosts = List.of(
                Named.of("GitHub Enterprise", GitHubEnterpriseHost::new),
                Named.of("GitLab self-managed", GitLabSelfManagedHost::new),
                Named.of("Azure DevOps", AzureHost::azureDevOps),
                Named.of("AWS CodeCommit", CodeCommitHost::new));
        List<HostFault> faults = List.of(
                new HostFault("times out", host -> okJson("{}").withFixedDelay(2_500), 504, "HOST_UNAVAILABLE"),
                new HostFault("answers 503", host -> aResponse().withStatus(503).withBody("Service Unavailable"), 502, "HOST_UNAVAILABLE"),
                new HostFault("answers 500 with JSON", host -> aResponse().withStatus(500)
                        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Internal error\"}"), 502, "HOST_UNAVAILABLE"),
                new HostFault("answers an HTML page with 200", host -> aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/html").withBody("<html><body><h1>Maintenance</h1></body></html>"), 502, "HOST_UNAVAILABLE"),
                new HostFault("answers broken JSON with 200", host -> okJson("{\"id\": 1, \"name\": "), 502, "HOST_UNAVAILABLE"),
                new HostFault("resets the connection", host -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), 502, "HOST_UNAVAILABLE"),
                new HostFault("closes without answering", host -> aResponse().withFault(Fault.EMPTY_RESPONSE), 502, "HOST_UNAVAILABLE"),
                new HostFault("sends a malformed chunk", host -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK), 502, "HOST_UNAVAILABLE"),
                new HostFault("rate-limits", host -> host.rateLimited(30), 429, "RATE_LIMITED"));
        return hosts.stream().flatMap(host -> faults.stream().map(fault -> Arguments.of(host, fault)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void failingHostGivesTheContractsProblemLeavesNothingHalfDoneAndRecovers(Supplier<SimulatedHost> hosts, HostFault fault)
            throws Exception {
        SimulatedHost host = hosts.get();
        String admin = "admin-" + UUID.randomUUID();
        String alice = "alice-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin)
                .developer(alice, PROJECT_ID).issue(ISSUE, "Fix the login", PROJECT_ID, "ABC"));
        TestCredential bot = host.newCredential();
        host.accept(bot, "integration-bot");
        String integrationId = addIntegration(site, admin, host, bot, true);
        TestCredential alicePat = host.newCredential();
        host.accept(alicePat, "alice-on-host");
        var saved = http.send("PUT", "/api/me/tokens/" + integrationId, site.contextJwt(alice), alicePat.json());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        Actions actions = new Actions(site, alice, integrationId, host.repository());

        Runnable heal = host.failWith(alicePat, fault.response().apply(host));
        for (HttpResponse<String> failed : List.of(actions.repositories(), actions.createBranch(), actions.createPullRequest())) {
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(fault.status());
            assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(failed.body());
            assertThat(problem.path("code").asText()).isEqualTo(fault.code());
            assertThat(problem.path("detail").asText()).isNotBlank();
            assertThat(failed.body()).doesNotContain(alicePat.secret(), bot.secret());
            if (fault.status() == 429) {
                assertThat(failed.headers().firstValue("Retry-After")).hasValue("30");
            }
        }
        assertThat(outcomes(site, admin, integrationId)).containsExactly(fault.code(), fault.code());
        assertThat(tokenStatus(site, alice)).isEqualTo("VALID");

        heal.run();
        var repositories = actions.repositories();
        assertThat(repositories.statusCode()).as(repositories.body()).isEqualTo(200);
        var branch = actions.createBranch();
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(201);
        assertThat(JSON.readTree(branch.body()).path("createdWith").asText()).isEqualTo("USER_PAT");
        var pullRequest = actions.createPullRequest();
        assertThat(pullRequest.statusCode()).as(pullRequest.body()).isEqualTo(201);
        assertThat(outcomes(site, admin, integrationId)).containsExactly("CREATED", "CREATED", fault.code(), fault.code());
        assertThat(tokenStatus(site, alice)).isEqualTo("VALID");
    }

    private final class Actions {
        private final TestTenant site;
        private final String account;
        private final String integrationId;
        private final String repository;

        Actions(TestTenant site, String account, String integrationId, String repository) {
            this.site = site;
            this.account = account;
            this.integrationId = integrationId;
            this.repository = repository;
        }

        HttpResponse<String> repositories() {
            return http.get("/api/issues/" + ISSUE + "/repositories?integrationId=" + integrationId, site.contextJwt(account));
        }

        HttpResponse<String> createBranch() {
            return http.send("POST", "/api/issues/" + ISSUE + "/branches", site.contextJwt(account), """
                    {"integrationId":"%s","repository":"%s","sourceBranch":"main","name":"abc-1-fix-the-login"}
                    """.formatted(integrationId, repository));
        }

        HttpResponse<String> createPullRequest() {
            return http.send("POST", "/api/issues/" + ISSUE + "/pull-requests", site.contextJwt(account), """
                    {"integrationId":"%s","repository":"%s","sourceBranch":"abc-1-fix-the-login","targetBranch":"main",
                     "title":"ABC-1 Fix the login","description":"Opened from Jira"}
                    """.formatted(integrationId, repository));
        }
    }

    /** The audit trail's outcomes for the integration, newest first. */
    private List<String> outcomes(TestTenant site, String admin, String integrationId) throws Exception {
        var audit = http.get("/api/audit?integrationId=" + integrationId, site.contextJwt(admin));
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        return JSON.readTree(audit.body()).findValuesAsText("outcome");
    }

    private String tokenStatus(TestTenant site, String account) throws Exception {
        JsonNode tokens = JSON.readTree(http.get("/api/me/tokens", site.contextJwt(account)).body());
        assertThat(tokens).hasSize(1);
        return tokens.get(0).path("status").asText();
    }
}
