package com.gitbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The HTTP client under github-api logs at DEBUG when asked to, but no line carries the credential: its header and
 * wire loggers stay off (application.properties), and every line is redacted besides.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostClientLoggingTest extends AppTestBase {

    private static final String CLIENT_LOGGERS = "org.apache.hc.client5.http";

    @Autowired
    private LoggingSystem loggingSystem;

    @Test
    void theGitHubClientAtDebugNeverLogsTheCredential(CapturedOutput output) {
        String admin = "admin-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");

        loggingSystem.setLogLevel(CLIENT_LOGGERS, LogLevel.DEBUG);
        try {
            addIntegration(site, admin, host, credential, false);
        } finally {
            loggingSystem.setLogLevel(CLIENT_LOGGERS, null);
        }

        assertThat(output.getAll()).as("the client's own DEBUG lines (so the level was in force)")
                .contains("o.a.h.c.h.i.c.");
        assertThat(output.getAll()).doesNotContain(credential.secret());
        // not even redacted: the header and wire loggers print no request at all
        assertThat(output.getAll()).doesNotContain("Authorization: token");
    }
}
