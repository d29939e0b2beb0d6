package com.gitbridge.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The product page's story, for each host family: an admin ticks Require User PAT, a user without a token is sent to
 * set one up and the host hears nothing, the user saves a PAT, and the branch and pull request reach the host with
 * exactly that PAT. Through the real JWT filter, Jira's permission checks and simulated hosts.
 */
class RequireUserPatEndToEndTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROJECT_ID = 10000;
    private static final String ISSUE = "ABC-1";

    @Autowired
    DataSource dataSource;

    static Stream<Named<Supplier<SimulatedHost>>> hosts() {
        return Stream.of(
                Named.of("GitHub Enterprise", GitHubEnterpriseHost::new),
                Named.of("GitLab self-managed", GitLabSelfManagedHost::new),
                Named.of("Azure DevOps", AzureHost::azureDevOps),
                Named.of("TFS", AzureHost::tfs),
                Named.of("AWS CodeCommit", CodeCommitHost::new));
    }

    /** One Jira site with an admin, two developers and an outsider, and one integration to {@code host}. */
    private final class Site {
        final String admin = "admin-" + UUID.randomUUID();
        final String alice = "alice-" + UUID.randomUUID();
        final String bob = "bob-" + UUID.randomUUID();
        final String outsider = "outsider-" + UUID.randomUUID();
        final SimulatedHost host;
        final TestCredential integrationCredential;
        final TestTenant tenant;
        final String integrationId;

        Site(SimulatedHost host, boolean requireUserPat) throws Exception {
            this.host = host;
            JiraStub jira = new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin)
                    .developer(alice, PROJECT_ID).developer(bob, PROJECT_ID).issue(ISSUE, "Fix the login", PROJECT_ID, "ABC");
            tenant = tenant(jira);
            integrationCredential = host.newCredential();
            host.accept(integrationCredential, "integration-bot");
            String body = """
                    {"type":"%s","name":"Acme","baseUrl":%s,"region":%s,"credential":%s,"requireUserPat":%s}
                    """.formatted(host.type(), quoted(host.baseUrl()), quoted(host.region()), integrationCredential.json(),
                    requireUserPat);
            var created = http.send("POST", "/api/integrations", tenant.contextJwt(admin), body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            integrationId = JSON.readTree(created.body()).path("id").asText();
        }

        HttpResponse<String> createBranch(String account) {
            return http.send("POST", "/api/issues/" + ISSUE + "/branches", tenant.contextJwt(account), """
                    {"integrationId":"%s","repository":"%s","sourceBranch":"main","name":"abc-1-fix-the-login"}
                    """.formatted(integrationId, host.repository()));
        }

        HttpResponse<String> createPullRequest(String account) {
            return http.send("POST", "/api/issues/" + ISSUE + "/pull-requests", tenant.contextJwt(account), """
                    {"integrationId":"%s","repository":"%s","sourceBranch":"abc-1-fix-the-login","targetBranch":"main",
                     "title":"ABC-1 Fix the login","description":"Opened from Jira"}
                    """.formatted(integrationId, host.repository()));
        }

        HttpResponse<String> saveToken(String account, TestCredential credential) {
            return http.send("PUT", "/api/me/tokens/" + integrationId, tenant.contextJwt(account), credential.json());
        }

        JsonNode myToken(String account) throws Exception {
            var list = JSON.readTree(http.get("/api/me/tokens", tenant.contextJwt(account)).body());
            assertThat(list).hasSize(1);
            return list.get(0);
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static void assertSetupRequired(HttpResponse<String> response, String code, Site site) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode problem = json(response);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("settingsUrl").asText())
                .isEqualTo(site.tenant.baseUrl() + "/plugins/servlet/ac/git-bridge-for-jira/user-settings");
        assertThat(problem.path("newTokenUrl").asText()).startsWith(
                site.host.baseUrl() != null ? site.host.baseUrl() + "/" : "https://console.aws.amazon.com/iam/");
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void withoutRequireUserPatTheIntegrationAccountCreatesBranchAndPullRequest(Supplier<SimulatedHost> hosts) throws Exception {
        Site site = new Site(hosts.get(), false);
        int before = site.host.requestsWith(site.integrationCredential);

        var branch = site.createBranch(site.alice);
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(201);
        assertThat(json(branch).path("name").asText()).isEqualTo("abc-1-fix-the-login");
        assertThat(json(branch).path("createdWith").asText()).isEqualTo("INTEGRATION_ACCOUNT");
        assertThat(json(branch).path("createdBy").asText()).isEqualTo("integration-bot");

        var pullRequest = site.createPullRequest(site.alice);
        assertThat(pullRequest.statusCode()).as(pullRequest.body()).isEqualTo(201);
        assertThat(json(pullRequest).path("createdWith").asText()).isEqualTo("INTEGRATION_ACCOUNT");
        assertThat(json(pullRequest).path("url").asText()).startsWith("https://");

        assertThat(site.host.requestsWith(site.integrationCredential)).isGreaterThanOrEqualTo(before + 2);
        assertThat(site.host.requestsWithAnyCredential()).isEqualTo(site.host.requestsWith(site.integrationCredential));
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void requiredWithoutTokenSendsTheUserToSetUpAndTheHostHearsNothing(Supplier<SimulatedHost> hosts) throws Exception {
        Site site = new Site(hosts.get(), true);
        int before = site.host.requestsWithAnyCredential();

        assertSetupRequired(site.createBranch(site.alice), "USER_PAT_REQUIRED", site);
        assertSetupRequired(site.createPullRequest(site.alice), "USER_PAT_REQUIRED", site);
        assertThat(site.myToken(site.alice).path("status").asText()).isEqualTo("MISSING");
        assertThat(site.myToken(site.alice).path("required").asBoolean()).isTrue();

        assertThat(site.host.requestsWithAnyCredential()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void savedPatCreatesBranchAndPullRequestAsItsOwnerAndOnlyForItsOwner(Supplier<SimulatedHost> hosts) throws Exception {
        Site site = new Site(hosts.get(), true);
        TestCredential alicePat = site.host.newCredential();
        site.host.accept(alicePat, "alice-on-host");

        var saved = site.saveToken(site.alice, alicePat);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).path("status").asText()).isEqualTo("VALID");
        assertThat(json(saved).path("login").asText()).isEqualTo("alice-on-host");
        assertThat(saved.body()).doesNotContain(alicePat.secret());
        int integrationAccountCalls = site.host.requestsWith(site.integrationCredential);
        int aliceCalls = site.host.requestsWith(alicePat);

        var branch = site.createBranch(site.alice);
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(201);
        assertThat(json(branch).path("createdWith").asText()).isEqualTo("USER_PAT");
        assertThat(json(branch).path("createdBy").asText()).isEqualTo("alice-on-host");
        var pullRequest = site.createPullRequest(site.alice);
        assertThat(pullRequest.statusCode()).as(pullRequest.body()).isEqualTo(201);
        assertThat(json(pullRequest).path("createdWith").asText()).isEqualTo("USER_PAT");
        assertThat(json(pullRequest).path("createdBy").asText()).isEqualTo("alice-on-host");

        assertThat(site.host.requestsWith(alicePat)).isGreaterThanOrEqualTo(aliceCalls + 2);
        assertThat(site.host.requestsWith(site.integrationCredential)).isEqualTo(integrationAccountCalls);

        int allCalls = site.host.requestsWithAnyCredential();
        assertSetupRequired(site.createBranch(site.bob), "USER_PAT_REQUIRED", site);
        assertThat(site.myToken(site.bob).path("status").asText()).isEqualTo("MISSING");
        assertThat(site.host.requestsWithAnyCredential()).isEqualTo(allCalls);

        var audit = JSON.readTree(http.get("/api/audit", site.tenant.contextJwt(site.admin)).body());
        assertThat(audit.findValuesAsText("outcome")).contains("CREATED", "USER_PAT_REQUIRED");
        assertThat(audit.findValuesAsText("hostLogin")).contains("alice-on-host");
        assertThat(audit.findValuesAsText("credentialKind")).containsOnly("USER_PAT");
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void tokenTheHostLaterRefusesBecomesInvalidAndIsNotUsedAgain(Supplier<SimulatedHost> hosts) throws Exception {
        Site site = new Site(hosts.get(), true);
        TestCredential alicePat = site.host.newCredential();
        site.host.accept(alicePat, "alice-on-host");
        assertThat(site.saveToken(site.alice, alicePat).statusCode()).isEqualTo(200);
        site.host.refuse(alicePat);
        int integrationAccountCalls = site.host.requestsWith(site.integrationCredential);

        assertSetupRequired(site.createBranch(site.alice), "USER_PAT_INVALID", site);
        assertThat(site.myToken(site.alice).path("status").asText()).isEqualTo("INVALID");

        int aliceCalls = site.host.requestsWith(alicePat);
        assertSetupRequired(site.createPullRequest(site.alice), "USER_PAT_INVALID", site);
        assertThat(site.host.requestsWith(alicePat)).isEqualTo(aliceCalls);
        assertThat(site.host.requestsWith(site.integrationCredential)).isEqualTo(integrationAccountCalls);
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void tokenTheHostRefusesIsNotStored(Supplier<SimulatedHost> hosts) throws Exception {
        Site site = new Site(hosts.get(), true);
        TestCredential wrong = site.host.newCredential();
        site.host.refuse(wrong);

        var saved = site.saveToken(site.alice, wrong);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(422);
        assertThat(json(saved).path("code").asText()).isEqualTo("TOKEN_REJECTED");
        assertThat(saved.body()).doesNotContain(wrong.secret());
        assertThat(site.myToken(site.alice).path("status").asText()).isEqualTo("MISSING");
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from user_token where tenant_id = ?", Integer.class, site.tenant.clientKey())).isZero();
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void userWhoCannotBrowseTheProjectFindsNoIssueAndTheHostHearsNothing(Supplier<SimulatedHost> hosts) throws Exception {
        Site site = new Site(hosts.get(), false);
        int before = site.host.requestsWithAnyCredential();

        var branch = site.createBranch(site.outsider);
        var pullRequest = site.createPullRequest(site.outsider);

        assertThat(branch.statusCode()).isEqualTo(404);
        assertThat(json(branch).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(pullRequest.statusCode()).isEqualTo(404);
        assertThat(json(pullRequest).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(site.host.requestsWithAnyCredential()).isEqualTo(before);
    }

    /**
     * An integration URL the guard refuses by the time a user acts (here: one with a query, which no host URL has):
     * refused before any host hears of it, and audited as the credential that would have acted.
     */
    @ParameterizedTest(name = "requireUserPat={0}")
    @ValueSource(booleans = {false, true})
    void anIntegrationUrlRefusedAtUseIsAuditedAsTheCredentialThatWouldHaveActed(boolean requireUserPat) throws Exception {
        Site site = new Site(new GitHubEnterpriseHost(), requireUserPat);
        TestCredential alicePat = site.host.newCredential();
        site.host.accept(alicePat, "alice-on-host");
        assertThat(site.saveToken(site.alice, alicePat).statusCode()).isEqualTo(200);
        new JdbcTemplate(dataSource).update("update integration set base_url = ? where id = ?",
                site.host.baseUrl() + "?moved=1", site.integrationId);
        int hostCalls = site.host.requestsWithAnyCredential();

        var branch = site.createBranch(site.alice);

        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(422);
        assertThat(json(branch).path("code").asText()).isEqualTo("HOST_REJECTED");
        assertThat(site.host.requestsWithAnyCredential()).isEqualTo(hostCalls);
        JsonNode entries = JSON.readTree(http.get("/api/audit", site.tenant.contextJwt(site.admin)).body());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("outcome").asText()).isEqualTo("HOST_REJECTED");
        assertThat(entries.get(0).path("credentialKind").asText()).isEqualTo(requireUserPat ? "USER_PAT" : "INTEGRATION_ACCOUNT");
        assertThat(entries.get(0).hasNonNull("hostLogin")).isFalse();
    }
}
