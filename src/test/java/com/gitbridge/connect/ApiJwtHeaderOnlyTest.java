package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DatabaseSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JSON API takes its JWT from the {@code Authorization} header only: a token in a URL ends up in proxy logs,
 * browser history and {@code Referer} headers. A {@code jwt} parameter on {@code /api} is refused even beside a good
 * header; pages keep taking Jira's iframe JWT from the query.
 */
class ApiJwtHeaderOnlyTest extends AppTestBase {

    private static final String API = "/api/me/tokens";

    @Autowired
    JdbcTemplate jdbc;

    private final String alice = "alice-" + UUID.randomUUID();
    private TestTenant site;

    @BeforeEach
    void site() {
        site = tenant();
    }

    @Test
    void theHeaderAloneIsAccepted() {
        assertThat(http.get(API, site.contextJwt(alice)).statusCode()).isEqualTo(200);
    }

    @Test
    void aGoodContextJwtInTheQueryIsRefused() {
        var response = http.get(API + "?jwt=" + site.contextJwt(alice), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(site.contextJwt(alice).substring(0, 20));
    }

    @Test
    void aJwtParameterIsRefusedEvenBesideAGoodHeader() {
        assertThat(http.get(API + "?jwt=" + site.contextJwt(alice), site.contextJwt(alice)).statusCode()).isEqualTo(401);
        assertThat(http.get(API + "?jwt=", site.contextJwt(alice)).statusCode()).isEqualTo(401);
        assertThat(http.get(API + "?other=1&jwt=x", site.contextJwt(alice)).statusCode()).isEqualTo(401);
    }

    @Test
    void anEncodedPathIsTheApiToo() {
        var response = http.get("/%61pi/me/tokens?jwt=" + site.contextJwt(alice), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    }

    @Test
    void aJwtInAFormBodyChangesNothing() throws Exception {
        var before = DatabaseSnapshot.of(jdbc);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/integrations"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("jwt=" + site.contextJwt(alice) + "&name=Acme"))
                .build();
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
    }

    @Test
    void pagesStillTakeTheIframeJwtFromTheQuery() {
        String page = "/pages/user-settings";
        assertThat(http.get(page + "?jwt=" + site.pageJwt(alice, "GET", page), null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}
