package com.gitbridge.credential;

import static com.gitbridge.credential.CredentialResolver.Decision.REFUSE_PAT_EXPIRED;
import static com.gitbridge.credential.CredentialResolver.Decision.REFUSE_PAT_INVALID;
import static com.gitbridge.credential.CredentialResolver.Decision.REFUSE_PAT_MISSING;
import static com.gitbridge.credential.CredentialResolver.Decision.USE_INTEGRATION_ACCOUNT;
import static com.gitbridge.credential.CredentialResolver.Decision.USE_USER_PAT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CredentialResolverTest {

    @Test
    void requiredAndMissingRefusesWithSetupRequired() {
        assertThat(CredentialResolver.decide(true, TokenStatus.MISSING)).isEqualTo(REFUSE_PAT_MISSING);
    }

    @Test
    void requiredAndValidActsWithTheUsersPat() {
        assertThat(CredentialResolver.decide(true, TokenStatus.VALID)).isEqualTo(USE_USER_PAT);
    }

    @Test
    void requiredAndExpiredRefusesWithExpired() {
        assertThat(CredentialResolver.decide(true, TokenStatus.EXPIRED)).isEqualTo(REFUSE_PAT_EXPIRED);
    }

    @Test
    void requiredAndRejectedRefusesWithInvalid() {
        assertThat(CredentialResolver.decide(true, TokenStatus.INVALID)).isEqualTo(REFUSE_PAT_INVALID);
    }

    @Test
    void notRequiredActsAsTheIntegrationAccountWithoutAUserToken() {
        assertThat(CredentialResolver.decide(false, TokenStatus.MISSING)).isEqualTo(USE_INTEGRATION_ACCOUNT);
    }

    @Test
    void notRequiredActsAsTheIntegrationAccountEvenWhenTheUserHasAToken() {
        for (TokenStatus status : List.of(TokenStatus.VALID, TokenStatus.EXPIRED, TokenStatus.INVALID)) {
            assertThat(CredentialResolver.decide(false, status)).as(status.name()).isEqualTo(USE_INTEGRATION_ACCOUNT);
        }
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
