package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.ConnectJwt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jira's tokens live minutes (iframe and context JWTs, lifecycle callbacks); one that says it lives longer than an hour,
 * or that is not valid yet, is refused on the API and on pages, so a leaked or forged token is not good for long.
 */
class JwtLifetimeTest extends AppTestBase {

    private static final String API = "/api/me/tokens";
    private static final String PAGE = "/pages/user-settings";

    private final String alice = "alice-" + UUID.randomUUID();
    private TestTenant site;

    @BeforeEach
    void site() {
        site = tenant();
    }

    private int api(ConnectJwt jwt) {
        return http.get(API, jwt.signHs256(site.sharedSecret())).statusCode();
    }

    private int page(ConnectJwt jwt) {
        return http.get(PAGE, jwt.signHs256(site.sharedSecret())).statusCode();
    }

    private ConnectJwt context() {
        return ConnectJwt.context(site.clientKey(), alice);
    }

    private ConnectJwt pageToken() {
        return ConnectJwt.forRequest(site.clientKey(), alice, "GET", PAGE);
    }

    @Test
    void tokensThatLiveAnHourAtMostAreAccepted() {
        Instant justIssued = Instant.now().minusSeconds(5);
        assertThat(api(context().issuedAt(justIssued, Duration.ofMinutes(15)))).isEqualTo(200);
        assertThat(api(context().issuedAt(justIssued, Duration.ofHours(1)))).isEqualTo(200);
        assertThat(page(pageToken().issuedAt(justIssued, Duration.ofMinutes(3)))).isEqualTo(200);
    }

    @Test
    void tokensThatLiveLongerThanAnHourAreRefused() {
        Instant justIssued = Instant.now().minusSeconds(5);
        assertThat(api(context().issuedAt(justIssued, Duration.ofHours(1).plusMinutes(1)))).isEqualTo(401);
        assertThat(api(context().issuedAt(justIssued, Duration.ofDays(365)))).isEqualTo(401);
        assertThat(page(pageToken().issuedAt(justIssued, Duration.ofHours(2)))).isEqualTo(401);
        // Backdating the issue time to keep a long-lived token's expiry near does not help either.
        assertThat(api(context().issuedAt(Instant.now().minus(Duration.ofHours(5)), Duration.ofHours(5).plusMinutes(10))))
                .isEqualTo(401);
    }

    @Test
    void tokensNotValidYetAreRefused() {
        Instant justIssued = Instant.now().minusSeconds(5);
        Instant inTenMinutes = Instant.now().plus(Duration.ofMinutes(10));
        assertThat(api(context().issuedAt(justIssued, Duration.ofMinutes(15)).notBefore(inTenMinutes))).isEqualTo(401);
        assertThat(page(pageToken().issuedAt(justIssued, Duration.ofMinutes(15)).notBefore(inTenMinutes))).isEqualTo(401);
    }

    @Test
    void aNotBeforeWithinTheClockSkewIsAccepted() {
        Instant justIssued = Instant.now().minusSeconds(5);
        assertThat(api(context().issuedAt(justIssued, Duration.ofMinutes(15)).notBefore(Instant.now().plusSeconds(10))))
                .isEqualTo(200);
        assertThat(api(context().issuedAt(justIssued, Duration.ofMinutes(15)).notBefore(justIssued))).isEqualTo(200);
    }
}
