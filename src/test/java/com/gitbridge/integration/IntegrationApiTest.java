package com.gitbridge.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code /api/integrations} through the real JWT filter, Jira's permission check and a GitHub Enterprise stub. */
class IntegrationApiTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DataSource dataSource;

    @Autowired
    HostConnections connections;

    @Autowired
    Integrations integrations;

    private final String admin = "admin-" + UUID.randomUUID();
    private final String developer = "dev-" + UUID.randomUUID();
    private final String goodToken = Canary.secret("ghp_", "") + UUID.randomUUID().toString().replace("-", "") + "good";
    private final String badToken = Canary.secret("ghp_", "") + UUID.randomUUID().toString().replace("-", "") + "bad0";
    private final String ghePath = "/ghe-" + UUID.randomUUID();
    private TestTenant tenant;

    @BeforeEach
    void siteWithAnAdministratorAndAGitHubEnterprise() {
        JiraStub jira = new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin);
        tenant = tenant(jira);
        var hosts = TestHosts.server();
        hosts.stubFor(get(urlPathEqualTo(ghePath + "/api/v3/user")).atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Bad credentials\"}")));
        hosts.stubFor(get(urlPathEqualTo(ghePath + "/api/v3/user")).atPriority(1)
                .withHeader("Authorization", equalTo("token " + goodToken))
                .willReturn(okJson("{\"login\":\"integration-bot\",\"id\":7}").withHeader("X-OAuth-Scopes", "repo")));
        hosts.stubFor(get(urlPathEqualTo(ghePath + "/api/v3/user/repos")).atPriority(1)
                .withHeader("Authorization", equalTo("token " + goodToken))
                .willReturn(okJson("""
                        [{"id":1,"name":"web","full_name":"acme/web","default_branch":"main","html_url":"https://ghe.example/acme/web","clone_url":"https://ghe.example/acme/web.git"},
                         {"id":2,"name":"api","full_name":"acme/api","default_branch":"develop","html_url":"https://ghe.example/acme/api","clone_url":"https://ghe.example/acme/api.git"}]""")));
    }

    private String gheUrl() {
        return TestHosts.baseUrl() + ghePath;
    }

    private String createBody(String token) {
        return """
                {"type":"GITHUB_ENTERPRISE","name":"Acme GitHub","baseUrl":"%s","credential":{"token":"%s"},"requireUserPat":false}
                """.formatted(gheUrl(), token);
    }

    private JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    private JsonNode createAsAdmin() throws Exception {
        var response = http.send("POST", "/api/integrations", tenant.contextJwt(admin), createBody(goodToken));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body());
    }

    private int integrationRows() {
        return new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from integration where tenant_id = ?", Integer.class, tenant.clientKey());
    }

    @Test
    void administratorAddsAnIntegrationAfterTheHostAcceptsTheCredential() throws Exception {
        JsonNode created = createAsAdmin();

        assertThat(created.path("type").asText()).isEqualTo("GITHUB_ENTERPRISE");
        assertThat(created.path("name").asText()).isEqualTo("Acme GitHub");
        assertThat(created.path("baseUrl").asText()).isEqualTo(gheUrl());
        assertThat(created.path("accountLogin").asText()).isEqualTo("integration-bot");
        assertThat(created.path("requireUserPat").asBoolean()).isFalse();
        assertThat(created.path("webhookUrl").asText())
                .startsWith(ADDON_BASE_URL + "/webhooks/" + created.path("id").asText() + "/");
        assertThat(created.has("createdAt")).isTrue();
        assertThat(created.has("credential")).isFalse();
        assertThat(created.path("projectKeys").isArray()).isTrue();
        assertThat(created.path("projectKeys")).as("every project").isEmpty();

        var list = json(http.get("/api/integrations", tenant.contextJwt(admin)).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo(created.path("id").asText());
    }

    /** A user's action reads the integration with plain JDBC: it must see what the entity holds, and only its site's. */
    @Test
    void anActionReadsTheIntegrationAsTheEntityHoldsIt() throws Exception {
        String id = createAsAdmin().path("id").asText();
        assertThat(http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin),
                "{\"requireUserPat\":true,\"projectKeys\":[\"ABC\",\"OPS\"]}").statusCode()).isEqualTo(200);

        IntegrationAccess access = connections.findForAction(tenant.clientKey(), id).orElseThrow();

        assertThat(access.info()).isEqualTo(connections.find(tenant.clientKey(), id).orElseThrow());
        assertThat(access.info().requireUserPat()).isTrue();
        assertThat(access.info().projectKeys()).containsExactly("ABC", "OPS");
        assertThat(access.info().createdAt()).isNotNull();
        Integration entity = integrations.findById(id).orElseThrow();
        assertThat(access.sealedCredential()).isEqualTo(entity.sealedCredential());
        assertThat(access.sealContext()).isEqualTo(entity.sealContext(HostConnections.CREDENTIAL_FIELD));
        assertThat(connections.findForAction("another-site", id)).isEmpty();
        assertThat(connections.findForAction(tenant.clientKey(), UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void administratorTicksRequireUserPatRenamesAndDeletes() throws Exception {
        String id = createAsAdmin().path("id").asText();

        var patched = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin),
                "{\"requireUserPat\":true,\"name\":\"Acme GHE\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched.body()).path("requireUserPat").asBoolean()).isTrue();
        assertThat(json(patched.body()).path("name").asText()).isEqualTo("Acme GHE");
        assertThat(json(http.get("/api/integrations", tenant.contextJwt(admin)).body()).get(0)
                .path("requireUserPat").asBoolean()).isTrue();

        assertThat(http.send("DELETE", "/api/integrations/" + id, tenant.contextJwt(admin), null).statusCode()).isEqualTo(204);
        assertThat(integrationRows()).isZero();
        assertThat(http.send("DELETE", "/api/integrations/" + id, tenant.contextJwt(admin), null).statusCode()).isEqualTo(404);
    }

    @Test
    void administratorLimitsAnIntegrationToProjectsOnCreateAndPatch() throws Exception {
        var created = http.send("POST", "/api/integrations", tenant.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme GitHub","baseUrl":"%s","credential":{"token":"%s"},
                 "projectKeys":[" abc ","OPS_2","abc"]}""".formatted(gheUrl(), goodToken));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created.body()).path("id").asText();
        assertThat(json(created.body()).path("projectKeys").toString()).as("upper-cased, each once")
                .isEqualTo("[\"ABC\",\"OPS_2\"]");
        assertThat(json(http.get("/api/integrations", tenant.contextJwt(admin)).body()).get(0).path("projectKeys").toString())
                .isEqualTo("[\"ABC\",\"OPS_2\"]");

        var renamed = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin), "{\"name\":\"Renamed\"}");
        assertThat(json(renamed.body()).path("projectKeys").toString()).as("a PATCH without them keeps them")
                .isEqualTo("[\"ABC\",\"OPS_2\"]");
        var changed = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin), "{\"projectKeys\":[\"xyz\"]}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed.body()).path("projectKeys").toString()).isEqualTo("[\"XYZ\"]");
        var everywhere = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin), "{\"projectKeys\":[]}");
        assertThat(json(everywhere.body()).path("projectKeys")).isEmpty();
        assertThat(connections.find(tenant.clientKey(), id).orElseThrow().projectKeys()).isEmpty();
    }

    @Test
    void projectKeysThatAreNotJiraProjectKeysAreRefusedByName() throws Exception {
        var wrongKeys = http.send("POST", "/api/integrations", tenant.contextJwt(admin), """
                {"type":"GITHUB_ENTERPRISE","name":"Acme GitHub","baseUrl":"%s","credential":{"token":"%s"},
                 "projectKeys":["ABC","1AB","A-B",""]}""".formatted(gheUrl(), goodToken));
        assertThat(wrongKeys.statusCode()).as(wrongKeys.body()).isEqualTo(400);
        JsonNode problem = json(wrongKeys.body());
        assertThat(problem.path("code").asText()).isEqualTo("VALIDATION");
        assertThat(problem.path("errors").path("projectKeys").asText()).contains("1AB").contains("A-B").doesNotContain("ABC,");
        assertThat(integrationRows()).isZero();

        String id = createAsAdmin().path("id").asText();
        List<String> tooMany = java.util.stream.IntStream.rangeClosed(1, 101).mapToObj(i -> "P" + i).toList();
        var tooManyKeys = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin),
                JSON.writeValueAsString(Map.of("projectKeys", tooMany)));
        assertThat(tooManyKeys.statusCode()).isEqualTo(400);
        assertThat(json(tooManyKeys.body()).path("errors").has("projectKeys")).isTrue();
        var notAList = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin), "{\"projectKeys\":{\"a\":1}}");
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(json(notAList.body()).path("errors").has("projectKeys")).as(notAList.body()).isTrue();
        assertThat(connections.find(tenant.clientKey(), id).orElseThrow().projectKeys()).isEmpty();
    }

    @Test
    void administratorSeesTheRepositoriesTheIntegrationAccountCanSee() throws Exception {
        String id = createAsAdmin().path("id").asText();

        var all = json(http.get("/api/integrations/" + id + "/repositories", tenant.contextJwt(admin)).body());
        assertThat(all).hasSize(2);
        assertThat(all.get(0).path("id").asText()).isEqualTo("acme/api");
        assertThat(all.get(0).path("defaultBranch").asText()).isEqualTo("develop");
        assertThat(all.get(0).path("webUrl").asText()).isEqualTo("https://ghe.example/acme/api");

        var searched = json(http.get("/api/integrations/" + id + "/repositories?query=WEB", tenant.contextJwt(admin)).body());
        assertThat(searched).hasSize(1);
        assertThat(searched.get(0).path("id").asText()).isEqualTo("acme/web");
    }

    @Test
    void changingTheCredentialChecksItFirstAndARejectedOneChangesNothing() throws Exception {
        String id = createAsAdmin().path("id").asText();
        String before = new JdbcTemplate(dataSource).queryForObject(
                "select sealed_credential from integration where id = ?", String.class, id);

        var rejected = http.send("PATCH", "/api/integrations/" + id, tenant.contextJwt(admin),
                "{\"name\":\"Renamed\",\"credential\":{\"token\":\"" + badToken + "\"}}");

        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(json(rejected.body()).path("code").asText()).isEqualTo("CREDENTIAL_REJECTED");
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select sealed_credential from integration where id = ?", String.class, id)).isEqualTo(before);
        assertThat(json(http.get("/api/integrations", tenant.contextJwt(admin)).body()).get(0).path("name").asText())
                .isEqualTo("Acme GitHub");
    }

    @Test
    void rejectedCredentialGives422AndStoresNothing() throws Exception {
        var response = http.send("POST", "/api/integrations", tenant.contextJwt(admin), createBody(badToken));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(json(response.body()).path("code").asText()).isEqualTo("CREDENTIAL_REJECTED");
        assertThat(response.body()).doesNotContain(badToken);
        assertThat(integrationRows()).isZero();
    }

    @Test
    void nonAdministratorGetsNotAllowedEverywhereAndChangesNothing() throws Exception {
        String id = createAsAdmin().path("id").asText();
        int hostCallsBefore = TestHosts.server().findAll(getRequestedFor(urlPathMatching(ghePath + "/.*"))).size();
        String jwt = tenant.contextJwt(developer);

        List<Map.Entry<String, String>> routes = List.of(
                Map.entry("GET", "/api/integrations"),
                Map.entry("POST", "/api/integrations"),
                Map.entry("PATCH", "/api/integrations/" + id),
                Map.entry("DELETE", "/api/integrations/" + id),
                Map.entry("GET", "/api/integrations/" + id + "/repositories"));
        for (var route : routes) {
            String body = route.getKey().equals("POST") ? createBody(goodToken)
                    : route.getKey().equals("PATCH") ? "{\"requireUserPat\":true}" : null;
            var response = http.send(route.getKey(), route.getValue(), jwt, body);
            assertThat(response.statusCode()).as(route.toString()).isEqualTo(403);
            assertThat(json(response.body()).path("code").asText()).isEqualTo("NOT_ALLOWED");
        }

        assertThat(integrationRows()).isEqualTo(1);
        assertThat(json(http.get("/api/integrations", tenant.contextJwt(admin)).body()).get(0)
                .path("requireUserPat").asBoolean()).isFalse();
        assertThat(TestHosts.server().findAll(getRequestedFor(urlPathMatching(ghePath + "/.*")))).hasSize(hostCallsBefore);
    }

    @Test
    void responsesAndTheDatabaseNeverHoldTheCredentialInPlainText() throws Exception {
        var created = http.send("POST", "/api/integrations", tenant.contextJwt(admin), createBody(goodToken));
        var listed = http.get("/api/integrations", tenant.contextJwt(admin));
        assertThat(created.body()).doesNotContain(goodToken).doesNotContain(goodToken.substring(goodToken.length() - 8));
        assertThat(listed.body()).doesNotContain(goodToken);

        List<Map<String, Object>> rows = new JdbcTemplate(dataSource).queryForList("select * from integration");
        assertThat(rows).isNotEmpty();
        assertThat(rows.toString()).doesNotContain(goodToken).doesNotContain(goodToken.substring(4, 20));
    }

    @Test
    void oneSiteCannotSeeOrChangeAnotherSitesIntegrations() throws Exception {
        String id = createAsAdmin().path("id").asText();
        JiraStub otherJira = new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin);
        TestTenant other = tenant(otherJira);
        String otherJwt = other.contextJwt(admin);

        assertThat(json(http.get("/api/integrations", otherJwt).body())).isEmpty();
        assertThat(http.send("PATCH", "/api/integrations/" + id, otherJwt, "{\"requireUserPat\":true}").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/integrations/" + id + "/repositories", otherJwt).statusCode()).isEqualTo(404);
        assertThat(http.send("DELETE", "/api/integrations/" + id, otherJwt, null).statusCode()).isEqualTo(404);

        assertThat(integrationRows()).isEqualTo(1);
        assertThat(json(http.get("/api/integrations", tenant.contextJwt(admin)).body()).get(0)
                .path("requireUserPat").asBoolean()).isFalse();
    }

    @Test
    void missingAndWrongFieldsAreNamedOneByOne() throws Exception {
        var response = http.send("POST", "/api/integrations", tenant.contextJwt(admin),
                "{\"type\":\"GITHUB_ENTERPRISE\",\"name\":\"\",\"credential\":{}}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("VALIDATION");
        assertThat(problem.path("errors").has("name")).isTrue();
        assertThat(problem.path("errors").has("baseUrl")).isTrue();
        assertThat(problem.path("errors").has("credential.token")).isTrue();

        var unknownType = http.send("POST", "/api/integrations", tenant.contextJwt(admin), "{\"type\":\"SVN\"}");
        assertThat(json(unknownType.body()).path("errors").path("type").asText()).isEqualTo("Unknown host type");

        var codeCommit = http.send("POST", "/api/integrations", tenant.contextJwt(admin),
                "{\"type\":\"AWS_CODECOMMIT\",\"name\":\"AWS\",\"region\":\"mars\",\"credential\":{\"accessKeyId\":\"lower\"}}");
        assertThat(json(codeCommit.body()).path("errors").has("region")).isTrue();
        assertThat(json(codeCommit.body()).path("errors").has("credential.accessKeyId")).isTrue();
        assertThat(json(codeCommit.body()).path("errors").has("credential.secretAccessKey")).isTrue();

        var notJson = http.send("POST", "/api/integrations", tenant.contextJwt(admin), "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson.body()).path("code").asText()).isEqualTo("VALIDATION");
        assertThat(integrationRows()).isZero();
    }
}
