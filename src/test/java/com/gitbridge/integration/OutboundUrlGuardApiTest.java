package com.gitbridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With the outbound guard on (the default outside tests), admin-given URLs cannot aim the app at its own network. */
@TestPropertySource(properties = "gitbridge.outbound.allow-private-addresses=false")
class OutboundUrlGuardApiTest extends AppTestBase {

    @Test
    void refusesHttpLoopbackMetadataAndPrivateAddresses() throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        TestTenant tenant = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));

        for (String url : List.of("http://github.acme.example", "https://127.0.0.1", "https://169.254.169.254",
                "https://10.1.2.3", "https://192.168.0.10:8443", "https://[::1]", "https://localhost",
                "https://metadata.google.internal", "https://user:pass@github.example.com")) {
            var response = http.send("POST", "/api/integrations", tenant.contextJwt(admin), """
                    {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":{"token":"%s"}}
                    """.formatted(url, Canary.secret("ghp_", "abcdefghijklmnop")));
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            var problem = new ObjectMapper().readTree(response.body());
            assertThat(problem.path("code").asText()).isEqualTo("VALIDATION");
            assertThat(problem.path("errors").path("baseUrl").asText()).as(url).isNotBlank();
        }
        assertThat(http.get("/api/integrations", tenant.contextJwt(admin)).body()).isEqualTo("[]");
    }
}
