package com.gitbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A webhook's path holds its secret. Whatever logs the path (the app's own refusals, Spring MVC and Spring Security
 * at DEBUG, as an operator may switch them on) shows the integration and masks the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSecretLoggingTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHATTY = List.of("org.springframework.web", "org.springframework.security");

    @Autowired
    LoggingSystem logging;

    @AfterEach
    void quiet() {
        CHATTY.forEach(logger -> logging.setLogLevel(logger, null));
    }

    @Test
    void theSecretOfAWebhookPathNeverReachesTheLog(CapturedOutput output) throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        var site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        var host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        var created = JSON.readTree(http.send("POST", "/api/integrations", site.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}""".formatted(host.baseUrl(), credential.json())).body());
        String integrationId = created.path("id").asText();
        String webhookPath = created.path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
        String secret = webhookPath.substring(webhookPath.lastIndexOf('/') + 1);

        // Refused by the app's JWT filter, which logs what it refused.
        assertThat(http.send("POST", webhookPath, "not-a-jwt", "{}").statusCode()).isEqualTo(401);
        CHATTY.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
        assertThat(http.send("POST", webhookPath, null, "{\"repository\":{\"full_name\":\"acme/web\"}}").statusCode())
                .isEqualTo(202);

        assertThat(output.getAll()).contains("/webhooks/" + integrationId + "/" + SecretRedactor.MASK);
        assertThat(output.getAll()).doesNotContain(secret);
    }
}
