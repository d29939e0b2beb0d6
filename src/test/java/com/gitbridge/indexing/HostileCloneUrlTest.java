package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A host whose repository listing names a clone URL on another origin: git would send the integration's token
 * there. The repository fails with a reason an admin can read, and the other server hears nothing.
 */
class HostileCloneUrlTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer HOSTS = TestHosts.server();

    @TempDir
    Path work;
    @Autowired
    RepositoryDiscovery discovery;
    @Autowired
    RepositoryIndexing indexing;
    @Autowired
    IndexedRepositories repositories;
    @Autowired
    JdbcTemplate jdbc;

    /** The git server on another host name than the integration's, or on the same name and another port. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void aCloneUrlOnAnotherOriginIsNeverFetched(String cloneHost) throws Exception {
        String admin = "admin-" + UUID.randomUUID();
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential credential = host.newCredential();
        host.accept(credential, "integration-bot");
        assertThat(host.baseUrl()).startsWith("http://localhost:" + HOSTS.port() + "/");
        try (SourceRepository source = SourceRepository.create(work.resolve("source"));
             GitHttpServer elsewhere = new GitHttpServer(source.repository(), "/acme/web.git")) {
            source.commit("ABC-1 Fix the login form");
            String cloneUrl = elsewhere.url().replace("127.0.0.1", cloneHost);
            String api = host.baseUrl().substring(TestHosts.baseUrl().length()) + "/api/v3";
            HOSTS.stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(4)
                    .withHeader("Authorization", equalTo("token " + credential.secret()))
                    .willReturn(okJson("""
                            [{"id":1,"name":"web","full_name":"acme/web","default_branch":"main",
                              "html_url":"https://ghe.example/acme/web","clone_url":"%s"}]""".formatted(cloneUrl))));
            var created = http.send("POST", "/api/integrations", site.contextJwt(admin), """
                    {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}"""
                    .formatted(host.baseUrl(), credential.json()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String integrationId = JSON.readTree(created.body()).path("id").asText();
            discovery.discover(integrationId);
            List<IndexedRepository> found = repositories.findByIntegrationId(integrationId);
            assertThat(found).hasSize(1);

            indexing.run(found.get(0).id());

            Map<String, Object> state = jdbc.queryForMap("select state, error from indexed_repository where id = ?",
                    found.get(0).id());
            assertThat(state).containsEntry("state", "FAILED");
            assertThat((String) state.get("error")).startsWith("The clone URL is not on the integration's host")
                    .doesNotContain(credential.secret());
            assertThat(elsewhere.requests()).isZero();
            assertThat(elsewhere.authorizations()).isEmpty();
        }
    }
}
