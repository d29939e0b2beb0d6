package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.gitbridge.jira.JiraUser;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every page and every {@code /api} route authenticates through the same filter chain tested here. */
@ExtendWith(OutputCaptureExtension.class)
@Import(JwtAuthenticationTest.WhoAmI.class)
class JwtAuthenticationTest extends AppTestBase {

    private static final String PAGE = "/pages/admin";
    private static final String API = "/api/test/whoami";
    private static final String ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";

    @TestConfiguration
    @RestController
    static class WhoAmI {
        @GetMapping(API)
        JiraUser whoAmI(JiraUser user) {
            return user;
        }
    }

    private final List<String> tokensUsed = new ArrayList<>();

    private String remember(String jwt) {
        tokensUsed.add(jwt);
        return jwt;
    }

    @Test
    void pageAcceptsJwtWhoseQshMatchesTheRequest() {
        var tenant = tenant();
        var response = http.get(PAGE, remember(tenant.pageJwt(ACCOUNT, "GET", PAGE)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Manage Git repositories");
    }

    @Test
    void pageAcceptsJwtInQueryParameterAsJiraSendsIt() {
        var tenant = tenant();
        String path = "/pages/issue-panel?issueKey=ABC-1&issueId=10001&projectKey=ABC&projectId=10000";
        String jwt = remember(tenant.pageJwt(ACCOUNT, "GET", path));
        assertThat(http.get(path + "&jwt=" + jwt, null).statusCode()).isEqualTo(200);
    }

    @Test
    void apiAcceptsContextJwtAndKnowsTheUserAndSite() {
        var tenant = tenant();
        var response = http.get(API, remember(tenant.contextJwt(ACCOUNT)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(tenant.clientKey()).contains(ACCOUNT);
    }

    @Test
    void apiAndPagesCarryTheSameSecurityHeadersAndNoSession() {
        var tenant = tenant();
        var api = http.get(API, remember(tenant.contextJwt(ACCOUNT)));
        var page = http.get(PAGE, remember(tenant.pageJwt(ACCOUNT, "GET", PAGE)));
        for (var response : List.of(api, page)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("origin-when-cross-origin");
            assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
                    value -> assertThat(value).contains("no-store"));
            // Jira frames the pages: no X-Frame-Options; and nothing is kept between requests.
            assertThat(response.headers().firstValue("X-Frame-Options")).isEmpty();
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void contextJwtIsRefusedOnAPage() {
        var tenant = tenant();
        assertThat(http.get(PAGE, remember(tenant.contextJwt(ACCOUNT))).statusCode()).isEqualTo(401);
    }

    @Test
    void pageJwtIsRefusedOnTheApi() {
        var tenant = tenant();
        assertThat(http.get(API, remember(tenant.pageJwt(ACCOUNT, "GET", API))).statusCode()).isEqualTo(401);
    }

    @Test
    void requestsWithoutJwtAreRefused() {
        assertThat(http.get(PAGE, null).statusCode()).isEqualTo(401);
        assertThat(http.get(API, null).statusCode()).isEqualTo(401);
    }

    @Test
    void jwtWithQshOfAnotherRequestIsRefused() {
        var tenant = tenant();
        assertThat(http.get(PAGE, remember(tenant.pageJwt(ACCOUNT, "GET", "/pages/user-settings"))).statusCode()).isEqualTo(401);
        assertThat(http.get(API, remember(ConnectJwt.context(tenant.clientKey(), ACCOUNT).qsh("0123abcd")
                .signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
    }

    @Test
    void jwtSignedWithWrongSecretIsRefused() {
        var tenant = tenant();
        String wrongSecret = "not-the-secret-" + "x".repeat(40);
        assertThat(http.get(PAGE, remember(ConnectJwt.forRequest(tenant.clientKey(), ACCOUNT, "GET", PAGE)
                .signHs256(wrongSecret))).statusCode()).isEqualTo(401);
        assertThat(http.get(API, remember(ConnectJwt.context(tenant.clientKey(), ACCOUNT)
                .signHs256(wrongSecret))).statusCode()).isEqualTo(401);
    }

    @Test
    void jwtFromUnknownIssuerIsRefused() {
        var tenant = tenant();
        assertThat(http.get(PAGE, remember(ConnectJwt.forRequest("unknown-site", ACCOUNT, "GET", PAGE)
                .signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
        assertThat(http.get(API, remember(ConnectJwt.context("unknown-site", ACCOUNT)
                .signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
    }

    @Test
    void expiredJwtIsRefused() {
        var tenant = tenant();
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        assertThat(http.get(PAGE, remember(ConnectJwt.forRequest(tenant.clientKey(), ACCOUNT, "GET", PAGE)
                .issuedAt(anHourAgo, Duration.ofMinutes(3)).signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
        assertThat(http.get(API, remember(ConnectJwt.context(tenant.clientKey(), ACCOUNT)
                .issuedAt(anHourAgo, Duration.ofMinutes(3)).signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
    }

    @Test
    void jwtWithoutQshIsRefused() {
        var tenant = tenant();
        assertThat(http.get(PAGE, remember(ConnectJwt.forRequest(tenant.clientKey(), ACCOUNT, "GET", PAGE)
                .withoutQsh().signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
        assertThat(http.get(API, remember(ConnectJwt.context(tenant.clientKey(), ACCOUNT)
                .withoutQsh().signHs256(tenant.sharedSecret()))).statusCode()).isEqualTo(401);
    }

    @Test
    void jwtOfSiteThatUninstalledTheAppIsRefused() {
        var tenant = tenant();
        var host = hosts.findById(tenant.clientKey()).orElseThrow();
        host.setAddonInstalled(false);
        hosts.save(host);

        assertThat(http.get(PAGE, remember(tenant.pageJwt(ACCOUNT, "GET", PAGE))).statusCode()).isEqualTo(401);
        assertThat(http.get(API, remember(tenant.contextJwt(ACCOUNT))).statusCode()).isEqualTo(401);
    }

    @Test
    void refusedTokensAndSharedSecretsNeverReachTheLog(CapturedOutput output) {
        var tenant = tenant();
        String wrongSecret = "wrong-secret-" + "y".repeat(40);
        http.get(PAGE, remember(ConnectJwt.forRequest(tenant.clientKey(), ACCOUNT, "GET", PAGE).signHs256(wrongSecret)));
        http.get(API, remember(ConnectJwt.context(tenant.clientKey(), ACCOUNT).signHs256(wrongSecret)));
        http.get(PAGE, remember(tenant.contextJwt(ACCOUNT)));
        http.get(API, remember(ConnectJwt.context(tenant.clientKey(), ACCOUNT).withoutQsh().signHs256(tenant.sharedSecret())));
        http.get(PAGE, remember(ConnectJwt.forRequest("unknown-site", ACCOUNT, "GET", PAGE).signHs256(tenant.sharedSecret())));

        // The library did log the refused token (its signature-mismatch message holds it whole), and it was masked.
        assertThat(output.getAll()).contains(com.gitbridge.logging.SecretRedactor.MASK);
        for (String jwt : tokensUsed) {
            assertThat(output.getAll()).doesNotContain(jwt);
            assertThat(output.getAll()).doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1));
        }
        assertThat(output.getAll()).doesNotContain(tenant.sharedSecret()).doesNotContain(wrongSecret);
    }
}
