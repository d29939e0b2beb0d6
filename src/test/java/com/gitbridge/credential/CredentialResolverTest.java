package com.gitbridge.credential;

import static com.gitbridge.credential.CredentialResolver.Decision.USE_INTEGRATION_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.gitbridge.credential.CredentialResolver.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialResolverTest {

    /** Every case: whether the integration requires a user PAT, where the user's token stands, what is decided. */
    @ParameterizedTest(name = "required={0}, token {1} -> {2} ({3})")
    @CsvSource({
            "true,  MISSING, REFUSE_PAT_MISSING,      USER_PAT",
            "true,  VALID,   USE_USER_PAT,            USER_PAT",
            "true,  EXPIRED, REFUSE_PAT_EXPIRED,      USER_PAT",
            "true,  INVALID, REFUSE_PAT_INVALID,      USER_PAT",
            "false, MISSING, USE_INTEGRATION_ACCOUNT, INTEGRATION_ACCOUNT",
            "false, VALID,   USE_INTEGRATION_ACCOUNT, INTEGRATION_ACCOUNT",
            "false, EXPIRED, USE_INTEGRATION_ACCOUNT, INTEGRATION_ACCOUNT",
            "false, INVALID, USE_INTEGRATION_ACCOUNT, INTEGRATION_ACCOUNT"})
    void decidesEachCaseAndWhoseCredentialActsOrWasRefused(boolean required, TokenStatus token, Decision decision,
                                                           CredentialKind kind) {
        assertThat(CredentialResolver.decide(required, token)).isEqualTo(decision);
        assertThat(decision.kind).isEqualTo(kind);
    }

    @Test
    void neverFallsBackToTheIntegrationAccountWhenRequired() {
        for (TokenStatus status : TokenStatus.values()) {
            assertThat(CredentialResolver.decide(true, status)).as(status.name()).isNotEqualTo(USE_INTEGRATION_ACCOUNT);
        }
    }

    @Test
    void validTokenPastItsExpiryCountsAsExpired() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        UserToken token = new UserToken("t1", "tenant", "integration", "account", now);
        token.accepted("sealed", "abcd", "alice", List.of("repo"), now.plus(Duration.ofDays(1)), now);

        assertThat(token.statusAt(now)).isEqualTo(TokenStatus.VALID);
        assertThat(token.statusAt(now.plus(Duration.ofDays(1)))).isEqualTo(TokenStatus.EXPIRED);
        token.rejectedByHost(now);
        assertThat(token.statusAt(now)).isEqualTo(TokenStatus.INVALID);
    }
}
