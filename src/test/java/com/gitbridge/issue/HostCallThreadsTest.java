package com.gitbridge.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseWithLatency;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Calls that wait for a git host run on their own bounded threads (here one, with no queue): a call that finds them
 * all taken gets 503 {@code SERVICE_UNAVAILABLE} at once and leaves nothing behind, while panel reads, on Tomcat's
 * threads, go on being answered.
 */
@TestPropertySource(properties = {"gitbridge.host-calls.threads=1", "gitbridge.host-calls.queue=0"})
class HostCallThreadsTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUE = "ABC-1";
    private static final long PROJECT_ID = 10000;

    @Test
    void aHostCallBeyondTheThreadsIsRefusedWith503AndLeavesNothingBehind() throws Exception {
        // Three host answers of 2 s each: the first creation holds the only host-call thread for 6 s.
        GitHubEnterpriseWithLatency host = new GitHubEnterpriseWithLatency(Duration.ofSeconds(2), List.of("app"));
        String admin = "admin-" + UUID.randomUUID();
        String alice = "alice-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin)
                .developer(alice, PROJECT_ID).issue(ISSUE, "Fix the login", PROJECT_ID, "ABC"));
        TestCredential bot = host.newCredential();
        host.accept(bot, "integration-bot");
        String integrationId = addIntegration(site, admin, host, bot, false);

        List<String> names = List.of("abc-1-first", "abc-1-second");
        List<CompletableFuture<HttpResponse<String>>> creations = names.stream()
                .map(name -> CompletableFuture.supplyAsync(() -> http.send("POST", "/api/issues/" + ISSUE + "/branches",
                        site.contextJwt(alice), """
                        {"integrationId":"%s","repository":"acme/app","sourceBranch":"main","name":"%s"}
                        """.formatted(integrationId, name))))
                .toList();
        HttpResponse<String> refused = CompletableFuture.anyOf(creations.toArray(CompletableFuture[]::new))
                .thenApply(HttpResponse.class::cast).get();
        HttpResponse<String> panel = http.get("/api/issues/" + ISSUE + "/development", site.contextJwt(alice));
        boolean creationStillRunning = creations.stream().anyMatch(creation -> !creation.isDone());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(refused.body()).path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(panel.statusCode()).as("a panel read while the host-call thread is taken: " + panel.body()).isEqualTo(200);
        assertThat(creationStillRunning).as("the panel was answered while the other creation waited for the host").isTrue();

        List<HttpResponse<String>> answers = creations.stream().map(CompletableFuture::join).toList();
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 503);
        String createdName = JSON.readTree(answers.stream().filter(answer -> answer.statusCode() == 201)
                .findFirst().orElseThrow().body()).path("name").asText();
        assertThat(host.branchesCreated()).containsExactly(createdName);
        JsonNode audit = JSON.readTree(http.get("/api/audit?integrationId=" + integrationId, site.contextJwt(admin)).body());
        assertThat(audit.findValuesAsText("target")).containsExactly(createdName);
        assertThat(audit.findValuesAsText("outcome")).containsExactly("CREATED");
    }
}
