package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DatabaseSnapshot;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The contract's 400 {@code VALIDATION} word for word: which fields {@code errors} names, and what it says of each,
 * for every kind of body and parameter the pages send. The pages show these messages next to the fields.
 */
class FieldErrorMessagesTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUE = "ABC-1";
    private static final String TOKEN = "Give the access token exactly as the host showed it, without spaces";

    @Autowired
    JdbcTemplate jdbc;

    private final String admin = "admin-" + UUID.randomUUID();
    private final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
    private TestTenant site;
    private String integrationId;

    @BeforeEach
    void siteWithAnIntegration() throws Exception {
        // One account is both administrator and developer, so every request gets past the permission checks.
        site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin).developer(admin, 10000)
                .issue(ISSUE, "Fix the login", 10000, "ABC"));
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        integrationId = addIntegration(site, admin, host, credential, false);
    }

    /** {@code body} (a map, or JSON text as it is) sent to {@code path} is refused with exactly {@code errors}. */
    private void refused(String method, String path, Object body, Map<String, String> errors) throws Exception {
        var before = DatabaseSnapshot.of(jdbc);
        int hostCalls = host.requestsWithAnyCredential();
        String json = body == null || body instanceof String ? (String) body : JSON.writeValueAsString(body);
        var response = http.send(method, path, site.contextJwt(admin), json);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("VALIDATION");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).isEqualTo("Some fields are not valid");
        assertThat(JSON.convertValue(problem.path("errors"), new TypeReference<Map<String, String>>() { }))
                .as("%s %s %s", method, path, json).isEqualTo(errors);
        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
        assertThat(host.requestsWithAnyCredential()).isEqualTo(hostCalls);
    }

    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aBranchRequestNamesEachWrongFieldWithGitsReason() throws Exception {
        String branches = "/api/issues/" + ISSUE + "/branches";
        refused("POST", branches, "{}", Map.of("integrationId", "Required", "repository", "Choose a repository",
                "sourceBranch", "Choose a branch", "name", "Give the branch a name"));
        refused("POST", branches, fields("integrationId", " ", "repository", "   ", "sourceBranch", "", "name", ""),
                Map.of("integrationId", "Required", "repository", "Choose a repository",
                        "sourceBranch", "Choose a branch", "name", "Give the branch a name"));
        refused("POST", branches, fields("integrationId", integrationId, "repository", "../etc", "sourceBranch", "a@{b",
                "name", "back\\slash"), Map.of("repository", "Not a repository id",
                "sourceBranch", "\"..\", \"@{\", \"//\" and \"@\" alone are not allowed",
                "name", "Spaces and the characters ~ ^ : ? * [ \\ are not allowed"));
        refused("POST", branches, fields("integrationId", integrationId, "repository", "acme/web\u0001", "sourceBranch", "-x",
                "name", "feature/x.lock"), Map.of("repository", "Not a repository id",
                "sourceBranch", "A branch name may not start with - or /, nor end with / or .",
                "name", "No part of the name may start with . or end with .lock"));
        refused("POST", branches, fields("integrationId", integrationId, "repository", "a".repeat(301), "sourceBranch", "main",
                "name", "b".repeat(251)), Map.of("repository", "Not a repository id", "name", "Use at most 250 characters"));
        // Unknown fields are not part of the API and are ignored; a valid body with them gets past validation.
        refused("POST", branches, fields("integrationId", integrationId, "repository", "%2e%2e/x", "sourceBranch", "main",
                "name", "abc-1", "tenantId", "another-site"), Map.of("repository", "Not a repository id"));
    }

    @Test
    void aPullRequestNamesEachWrongFieldAndASourceThatIsItsOwnTarget() throws Exception {
        String pullRequests = "/api/issues/" + ISSUE + "/pull-requests";
        refused("POST", pullRequests, fields("integrationId", integrationId, "repository", "acme/web", "sourceBranch", "main",
                "targetBranch", "main", "title", "   ", "description", "d".repeat(20_001)),
                Map.of("targetBranch", "Choose a target branch other than the source branch",
                        "title", "Give a title of at most 255 characters", "description", "Use at most 20,000 characters"));
        // A source branch that is not a name at all is the problem to fix first, even when the target is the same.
        refused("POST", pullRequests, fields("integrationId", integrationId, "repository", "acme/web", "sourceBranch", "a..b",
                "targetBranch", "a..b", "title", "T".repeat(256)),
                Map.of("sourceBranch", "\"..\", \"@{\", \"//\" and \"@\" alone are not allowed",
                        "targetBranch", "\"..\", \"@{\", \"//\" and \"@\" alone are not allowed",
                        "title", "Give a title of at most 255 characters"));
        refused("POST", pullRequests, "{}", Map.of("integrationId", "Required", "repository", "Choose a repository",
                "sourceBranch", "Choose a branch", "targetBranch", "Choose a branch",
                "title", "Give a title of at most 255 characters"));
    }

    @Test
    void issueParametersAreNamedLikeFields() throws Exception {
        refused("GET", "/api/issues/" + ISSUE + "/repositories?integrationId=", null,
                Map.of("integrationId", "Choose an integration"));
        refused("GET", "/api/issues/" + ISSUE + "/repositories?integrationId=%20&query=web", null,
                Map.of("integrationId", "Choose an integration"));
        refused("GET", "/api/issues/" + ISSUE + "/repository-branches?integrationId=" + integrationId + "&repository=%2Facme%2Fweb",
                null, Map.of("repository", "Not a repository id"));
        refused("GET", "/api/issues/" + ISSUE + "/repository-branches?integrationId=" + integrationId + "&repository=", null,
                Map.of("repository", "Choose a repository"));
    }

    @Test
    void anIntegrationFormNamesEveryWrongFieldInOneAnswer() throws Exception {
        refused("POST", "/api/integrations", "{}", Map.of("type", "Choose a host type", "name", "Give the integration a name"));
        refused("POST", "/api/integrations", fields("type", "SVN", "name", "  "),
                Map.of("type", "Unknown host type", "name", "Give the integration a name"));
        refused("POST", "/api/integrations", fields("type", "GITHUB_ENTERPRISE", "name", "tab\there", "credential", Map.of()),
                Map.of("name", "Use printable characters only", "baseUrl", "Give the URL of the GitHub Enterprise server",
                        "credential.token", TOKEN));
        // Too long and not printable: the length is what to fix first.
        refused("POST", "/api/integrations", fields("type", "GITHUB_ENTERPRISE", "name", "a".repeat(101) + "\u0000",
                "baseUrl", host.baseUrl(), "credential", Map.of("token", "a b")),
                Map.of("name", "Use at most 100 characters", "credential.token", TOKEN));
        refused("POST", "/api/integrations", fields("type", "AWS_CODECOMMIT", "name", "AWS", "baseUrl", "https://x.example",
                "region", "mars", "credential", Map.of("accessKeyId", "lower")),
                Map.of("region", "Give an AWS region such as eu-west-1",
                        "baseUrl", "CodeCommit is addressed by region; leave the URL empty",
                        "credential.accessKeyId", "Give the IAM access key id (capital letters and digits, such as AKIA…)",
                        "credential.secretAccessKey", "Give the secret access key"));
    }

    @Test
    void aChangeNamesEveryWrongFieldInOneAnswer() throws Exception {
        String integration = "/api/integrations/" + integrationId;
        refused("PATCH", integration, fields("name", "   "), Map.of("name", "Give the integration a name"));
        refused("PATCH", integration, fields("name", "del\u007f", "credential", Map.of("token", "ghp_tökén"), "requireUserPat", true),
                Map.of("name", "Use printable characters only", "credential.token", TOKEN));
        refused("PATCH", integration, fields("name", "n".repeat(101)), Map.of("name", "Use at most 100 characters"));
    }

    @Test
    void aUserTokenIsNamedWithWhatIsWrong() throws Exception {
        refused("PUT", "/api/me/tokens/" + integrationId, fields("token", "has space"), Map.of("token", TOKEN));
        refused("PUT", "/api/me/tokens/" + integrationId, "{}", Map.of("token", TOKEN));
    }
}
