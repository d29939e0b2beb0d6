package com.gitbridge.testing.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import javax.sql.DataSource;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The canary watch catches a secret in each outlet: each test leaks one on purpose, sees the watch report it by
 * outlet without quoting it, and takes the report so that the leak does not fail the build.
 */
class CanaryWatchTest extends AppTestBase {

    private static final Logger log = LoggerFactory.getLogger(CanaryWatchTest.class);

    private final String secret = Canary.secret("ghp_", "leakedOnPurpose0000000000000");

    @Autowired
    DataSource dataSource;

    @Test
    void aLogLineHoldingACanaryIsCaughtEvenWhenTheRedactorKnowsNothingOfItsShape() {
        String azurePat = Canary.secret("", "azurePatOfAnUnknownShape0000");
        log.warn("Calling the host with {}", azurePat);

        assertThat(CanaryWatch.takeLeaks()).singleElement().asString()
                .startsWith("log line (WARN " + CanaryWatchTest.class.getName()).doesNotContain(Canary.MARKER);
    }

    @Test
    void theRedactorKeepsAGitHubTokenFromEverReachingTheLog() {
        log.warn("Calling the host with {}", secret);

        assertThat(CanaryWatch.takeLeaks()).isEmpty();
    }

    @Test
    void anExceptionMessageOrCauseHoldingACanaryIsCaught() {
        var failure = new IllegalStateException("host said no", new RuntimeException("rejected key " + Canary.MARKER + "secretKey"));
        log.error("Creating the branch failed", failure);

        assertThat(CanaryWatch.takeLeaks()).singleElement().asString()
                .startsWith("log line or logged exception (ERROR ").doesNotContain(Canary.MARKER);
    }

    @Test
    void anHttpResponseHoldingACanaryIsCaught() {
        var response = http.get("/test/canary-leak.txt", null);

        assertThat(response.body()).contains(Canary.MARKER);
        assertThat(CanaryWatch.takeLeaks()).singleElement().asString()
                .isEqualTo("HTTP response body (GET /test/canary-leak.txt -> 200)");
    }

    @Test
    void responsesWithoutACanaryPass() {
        var response = http.get("/atlassian-connect.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(CanaryWatch.takeLeaks()).isEmpty();
    }

    @Test
    void aCanaryInTheDatabaseIsCaughtInTheRawDump() throws Exception {
        var jdbc = new JdbcTemplate(dataSource);
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into audit_entry (id, tenant_id, integration_id, action, credential_kind, outcome, detail, created_at)
                values (?, 'canary-tenant', 'i-1', 'CREATE_BRANCH', 'USER_PAT', 'FAILED', ?, current_timestamp)""",
                id, "host said: bad token " + secret);
        try {
            CanaryDatabaseDump.scan(dataSource);
            assertThat(CanaryWatch.takeLeaks()).singleElement().asString()
                    .startsWith("raw database dump (H2 SCRIPT line ").doesNotContain(Canary.MARKER);
        } finally {
            jdbc.update("delete from audit_entry where id = ?", id);
        }
        CanaryDatabaseDump.scan(dataSource);
        assertThat(CanaryWatch.takeLeaks()).isEmpty();
    }

    @Test
    void aCanaryInAPostgresDatabaseIsCaughtInTheTableScan() throws Exception {
        PostgresServer server = PostgresServer.get();
        var postgres = new PGSimpleDataSource();
        postgres.setUrl(server.createDatabase("canary_" + UUID.randomUUID().toString().replace("-", "")));
        postgres.setUser(server.username());
        var jdbc = new JdbcTemplate(postgres);
        jdbc.execute("create table credential_note (id int primary key, note text, raw bytea)");
        jdbc.update("insert into credential_note values (1, 'nothing here', ?)", (Object) secret.getBytes());

        CanaryDatabaseDump.scan(postgres);

        assertThat(CanaryWatch.takeLeaks()).containsExactly("raw database dump (\"public\".\"credential_note\".raw)");
    }
}
