package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.GitBridgeApplication;
import com.gitbridge.testing.AppHttp;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.AppTestBase.TestTenant;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generated hostile input for every kind of body and parameter the API takes. Whatever comes in: no 5xx, and a
 * refused request leaves no partial state behind (no integration, token or audit row, nothing changed).
 * <p>
 * jqwik does not run Spring's JUnit extension, so the class starts the app itself, once, as {@link AppTestBase} does:
 * test profile, random port, the local install-keys server and test hosts.
 */
class ApiInputPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 200;
    private static final String ISSUE = "ABC-1";
    private static final String ADMIN = "admin-" + UUID.randomUUID();

    private static ConfigurableApplicationContext app;
    private static AppHttp http;
    private static JdbcTemplate jdbc;
    private static TestTenant site;
    private static GitHubEnterpriseHost host;
    private static TestCredential credential;
    private static String integrationId;

    @BeforeContainer
    static void startTheApp() throws Exception {
        app = new SpringApplicationBuilder(GitBridgeApplication.class).profiles("test")
                .properties("server.port=0",
                        "atlassian.connect.public-key-base-url=" + InstallKeyServer.get().baseUrl(),
                        "gitbridge.aws.endpoint-override=" + TestHosts.baseUrl())
                .run();
        http = new AppHttp(((ServletWebServerApplicationContext) app).getWebServer().getPort());
        jdbc = app.getBean(JdbcTemplate.class);
        // One account is both administrator and developer, so requests get past the permission checks to the input.
        site = AppTestBase.installTenant(app.getBean(AtlassianHostRepository.class),
                new JiraStub("/jira-" + UUID.randomUUID()).administrator(ADMIN).developer(ADMIN, 10000)
                        .issue(ISSUE, "Fix the login", 10000, "ABC"));
        host = new GitHubEnterpriseHost();
        credential = host.newCredential();
        host.accept(credential, "integration-bot");
        var created = send("POST", "/api/integrations", """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}""".formatted(host.baseUrl(), credential.json()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        integrationId = JSON.readTree(created.body()).path("id").asText();
    }

    @AfterContainer
    static void stopTheApp() {
        app.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        var response = http.send(method, path, site.contextJwt(ADMIN), body);
        // A generated type may name a public host (GITHUB: api.github.com), which this machine cannot reach; the
        // contract's answer to that is 502/504 HOST_UNAVAILABLE. Any other 5xx is a failure of the app.
        if (response.statusCode() >= 500) {
            assertThat(response.statusCode()).as("%s %s %s -> %s", method, path, body, response.body()).isIn(502, 504);
            assertThat(response.body()).contains("\"HOST_UNAVAILABLE\"");
        }
        return response;
    }

    private static int rows(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Integer.class, arguments);
    }

    private static String integrationRow() {
        return jdbc.queryForList("select * from integration where id = ?", integrationId).toString();
    }

    // Generators

    /** Strings of every kind: any characters, git's and URLs' special ones, long ones, and known tricky values. */
    @Provide
    Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("./%\\-@{}~^:?*[ \u0000\n\t<>\"'&;#").ofMaxLength(20),
                Arbitraries.strings().alpha().numeric().withChars("-_/.").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().alpha().ofMinLength(90).ofMaxLength(600),
                Arbitraries.of("", " ", "..", "../", "%2F", "..%2F..%2Fuser", "acme/web%00", "<script>alert(1)</script>",
                        "acme/web", "main", "abc-1", "x.lock", "-x", "a..b", "@{", "@", "HEAD", "ABC-1", "null", "GITHUB",
                        "AWS_CODECOMMIT", "eu-west-1"));
    }

    /** Any JSON value where a string is expected: strings, numbers, booleans, null, arrays, objects. */
    @Provide
    Arbitrary<Object> jsonValues() {
        return Arbitraries.oneOf(
                hostileStrings().map(value -> (Object) value),
                hostileStrings().map(value -> (Object) value),
                Arbitraries.integers().map(value -> (Object) value),
                Arbitraries.of(true, false).map(value -> (Object) value),
                Arbitraries.just(null),
                hostileStrings().list().ofMaxSize(3).map(value -> (Object) value),
                hostileStrings().map(value -> (Object) Map.of("token", value)));
    }

    /** URLs an admin might type, none of which leads anywhere outside this machine's simulated hosts. */
    @Provide
    Arbitrary<Object> baseUrls() {
        return Arbitraries.oneOf(
                Arbitraries.of(host.baseUrl(), host.baseUrl() + "/", host.baseUrl() + "/../x", "", "not a url", "http://",
                        "https://", "file:///etc/passwd", "javascript:alert(1)", "https://exa mple.invalid",
                        "https://user:pass@", "//no-scheme", "https://[::1", "https://%00").map(value -> (Object) value),
                jsonValues());
    }

    private static String body(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object of {@code fields}, at times cut short so that it is no longer JSON. */
    private static Arbitrary<String> bodies(Arbitrary<Map<String, Object>> fields) {
        return Combinators.combine(fields, Arbitraries.integers().between(0, 9)).as((map, cut) -> {
            String json = body(map);
            return cut == 0 ? json.substring(0, json.length() / 2) : json;
        });
    }

    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != ABSENT) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }

    private static final Object ABSENT = new Object();

    private Arbitrary<Object> orAbsent(Arbitrary<Object> values) {
        return Arbitraries.oneOf(values, Arbitraries.just(ABSENT));
    }

    @Provide
    Arbitrary<String> integrationBodies() {
        Arbitrary<Object> types = Arbitraries.oneOf(
                Arbitraries.of("GITHUB_ENTERPRISE", "GITLAB_SELF_MANAGED", "AZURE_DEVOPS", "TFS", "AWS_CODECOMMIT")
                        .map(value -> (Object) value), jsonValues());
        Arbitrary<Object> credentials = Arbitraries.oneOf(
                Combinators.combine(jsonValues(), jsonValues(), jsonValues()).as((token, keyId, secret) ->
                        (Object) fields("token", token, "accessKeyId", keyId, "secretAccessKey", secret)),
                jsonValues());
        return bodies(Combinators.combine(orAbsent(types), orAbsent(jsonValues()), orAbsent(baseUrls()), orAbsent(jsonValues()),
                orAbsent(credentials), orAbsent(jsonValues()))
                .as((type, name, baseUrl, region, credential, requireUserPat) -> fields("type", type, "name", name,
                        "baseUrl", baseUrl, "region", region, "credential", credential, "requireUserPat", requireUserPat)));
    }

    @Provide
    Arbitrary<String> integrationChanges() {
        return bodies(Combinators.combine(orAbsent(jsonValues()), orAbsent(jsonValues()), orAbsent(jsonValues()))
                .as((name, credential, requireUserPat) -> fields("name", name, "credential", credential,
                        "requireUserPat", requireUserPat)));
    }

    @Provide
    Arbitrary<String> tokenBodies() {
        return bodies(Combinators.combine(orAbsent(jsonValues()), orAbsent(jsonValues()), orAbsent(jsonValues()))
                .as((token, keyId, secret) -> fields("token", token, "accessKeyId", keyId, "secretAccessKey", secret)));
    }

    @Provide
    Arbitrary<String> branchBodies() {
        Arbitrary<Object> integrations = Arbitraries.oneOf(Arbitraries.of(integrationId, UUID.randomUUID().toString())
                .map(value -> (Object) value), jsonValues());
        return bodies(Combinators.combine(orAbsent(integrations), orAbsent(jsonValues()), orAbsent(jsonValues()), orAbsent(jsonValues()))
                .as((integration, repository, source, name) -> fields("integrationId", integration, "repository", repository,
                        "sourceBranch", source, "name", name)));
    }

    @Provide
    Arbitrary<String> pullRequestBodies() {
        Arbitrary<Object> integrations = Arbitraries.oneOf(Arbitraries.of(integrationId, UUID.randomUUID().toString())
                .map(value -> (Object) value), jsonValues());
        return bodies(Combinators.combine(orAbsent(integrations), orAbsent(jsonValues()), orAbsent(jsonValues()), orAbsent(jsonValues()),
                        orAbsent(jsonValues()), orAbsent(jsonValues()))
                .as((integration, repository, source, target, title, description) -> fields("integrationId", integration,
                        "repository", repository, "sourceBranch", source, "targetBranch", target, "title", title,
                        "description", description)));
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // Properties

    @Property(tries = TRIES)
    void creatingAnIntegrationStoresOneOnlyWhenItSucceeds(@ForAll("integrationBodies") String body) {
        int before = rows("select count(*) from integration");
        var response = send("POST", "/api/integrations", body);
        assertThat(rows("select count(*) from integration")).as(response.body())
                .isEqualTo(before + (response.statusCode() == 201 ? 1 : 0));
    }

    @Property(tries = TRIES)
    void aRefusedChangeLeavesTheIntegrationAsItWas(@ForAll("integrationChanges") String body) {
        String before = integrationRow();
        var response = send("PATCH", "/api/integrations/" + integrationId, body);
        if (response.statusCode() != 200) {
            assertThat(integrationRow()).as(response.body()).isEqualTo(before);
        }
    }

    @Property(tries = TRIES)
    void aTokenIsStoredOnlyWhenTheHostAcceptedIt(@ForAll("tokenBodies") String body) {
        int before = rows("select count(*) from user_token");
        var response = send("PUT", "/api/me/tokens/" + integrationId, body);
        assertThat(rows("select count(*) from user_token")).as(response.body())
                .isEqualTo(before + (response.statusCode() == 200 ? 1 : 0));
    }

    @Property(tries = TRIES)
    void aRefusedBranchLeavesNoSuccessInTheAuditTrail(@ForAll("branchBodies") String body) {
        auditedOnlyAsItWent("/api/issues/" + ISSUE + "/branches", body);
    }

    @Property(tries = TRIES)
    void aRefusedPullRequestLeavesNoSuccessInTheAuditTrail(@ForAll("pullRequestBodies") String body) {
        auditedOnlyAsItWent("/api/issues/" + ISSUE + "/pull-requests", body);
    }

    /**
     * Success only when the host created it; input refused before any host call (400) leaves no audit row at all. A 404
     * may come from the host (no such repository), and that attempt is audited as failed.
     */
    private static void auditedOnlyAsItWent(String path, String body) {
        int all = rows("select count(*) from audit_entry");
        int created = rows("select count(*) from audit_entry where outcome = 'CREATED'");
        var response = send("POST", path, body);
        assertThat(rows("select count(*) from audit_entry where outcome = 'CREATED'")).as(response.body())
                .isEqualTo(created + (response.statusCode() == 201 ? 1 : 0));
        if (response.statusCode() == 400) {
            assertThat(rows("select count(*) from audit_entry")).as(response.body()).isEqualTo(all);
        }
    }

    /** Eight requests a try, so fewer tries. */
    @Property(tries = TRIES / 2)
    void issueKeysRepositoryIdsAndQueryStringsNeverFailTheServer(@ForAll("hostileStrings") String key,
                                                               @ForAll("hostileStrings") String value) {
        var before = rows("select count(*) from integration") + rows("select count(*) from user_token")
                + rows("select count(*) from audit_entry");
        send("GET", "/api/issues/" + encoded(key) + "/development", null);
        send("GET", "/api/issues/" + encoded(key) + "/suggestions", null);
        send("GET", "/api/issues/" + ISSUE + "/repositories?integrationId=" + encoded(value) + "&query=" + encoded(key), null);
        send("GET", "/api/issues/" + ISSUE + "/repository-branches?integrationId=" + integrationId + "&repository=" + encoded(value), null);
        send("GET", "/api/integrations/" + encoded(value) + "/repositories?query=" + encoded(key), null);
        send("GET", "/api/integrations/" + encoded(value) + "/index-status", null);
        send("GET", "/api/audit?integrationId=" + encoded(value) + "&limit=" + encoded(key), null);
        send("DELETE", "/api/me/tokens/" + encoded(value), null);
        assertThat(rows("select count(*) from integration") + rows("select count(*) from user_token")
                + rows("select count(*) from audit_entry")).isEqualTo(before);
    }
}
