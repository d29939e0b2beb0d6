package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderRegistry;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.canary.Canary;
import com.gitbridge.testing.canary.CanaryWatch;
import com.gitbridge.testing.hosts.AzureHost;
import com.gitbridge.testing.hosts.CodeCommitHost;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.GitLabSelfManagedHost;
import com.gitbridge.testing.hosts.SimulatedHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A host that fails with a body of its own choosing (a secret it got from elsewhere, a forged log line) gets it into
 * no log line, no API answer and no exception the app makes of it (whose causes a logged stack trace would print): the
 * app says which host failed and with which status, in words of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostResponseBodyTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = Canary.secret("leak-", "");
    private static final String FORGED_LINE = "2030-01-01T00:00:00Z ERROR forged line";

    @Autowired
    RepositoryDiscovery discovery;
    @Autowired
    ProviderRegistry providers;

    static List<Named<Supplier<SimulatedHost>>> hosts() {
        return List.of(
                Named.of("GitHub Enterprise", GitHubEnterpriseHost::new),
                Named.of("GitLab self-managed", GitLabSelfManagedHost::new),
                Named.of("Azure DevOps", AzureHost::azureDevOps),
                Named.of("AWS CodeCommit", CodeCommitHost::new));
    }

    static List<Named<ResponseDefinitionBuilder>> failures() {
        return List.of(
                Named.of("500 with a JSON message", aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"" + MARKER + "\\n" + FORGED_LINE + "\",\"__type\":\"" + MARKER + "\"}")),
                Named.of("503 with a page", aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>" + MARKER + "\n" + FORGED_LINE + "</body></html>")));
    }

    static List<org.junit.jupiter.params.provider.Arguments> hostsAndFailures() {
        return hosts().stream().flatMap(host -> failures().stream()
                .map(failure -> org.junit.jupiter.params.provider.Arguments.of(host, failure))).toList();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("hostsAndFailures")
    void aFailingHostsBodyReachesNoLogLineAndNoAnswer(Supplier<SimulatedHost> hosts, ResponseDefinitionBuilder failure,
                                                      CapturedOutput output) throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        SimulatedHost host = hosts.get();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        String integrationId = addIntegration(site, admin, host, credential, false);
        Runnable heal = host.failWith(credential, failure);
        try {
            var listed = http.get("/api/integrations/" + integrationId + "/repositories", site.contextJwt(admin));
            assertThat(listed.statusCode()).as(listed.body()).isIn(502, 504);
            assertThat(JSON.readTree(listed.body()).path("code").asText()).isEqualTo("HOST_UNAVAILABLE");
            assertThat(listed.body()).doesNotContain(MARKER).doesNotContain("forged line");

            discovery.discover(integrationId);

            ProviderException failed = catchThrowableOfType(ProviderException.class, () -> providers
                    .connect(HostEndpoint.of(host.type(), host.baseUrl(), host.region()), credentialOf(credential))
                    .listRepositories(null));
            assertThat(failed).as("listing the failing host throws").isNotNull();
            for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).as(cause.getClass().getName()).doesNotContain(MARKER);
            }
        } finally {
            heal.run();
        }

        assertThat(output.getAll()).as("the host's failure was logged").containsPattern("\\(50[03]\\)");
        assertThat(output.getAll()).doesNotContain(MARKER).doesNotContain("forged line");
        assertThat(CanaryWatch.takeLeaks()).isEmpty();
    }

    private static Credential credentialOf(TestCredential credential) throws Exception {
        JsonNode json = JSON.readTree(credential.json());
        return json.has("token") ? new Credential.Token(json.path("token").asText())
                : new Credential.AwsAccessKey(json.path("accessKeyId").asText(), json.path("secretAccessKey").asText());
    }
}
