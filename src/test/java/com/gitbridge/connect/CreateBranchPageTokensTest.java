package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.atlassian.connect.spring.AtlassianHost;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class CreateBranchPageTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-12-04T10:00:00Z");

    private static AtlassianHost site(String clientKey, String secret) {
        AtlassianHost host = new AtlassianHost();
        host.setClientKey(clientKey);
        host.setSharedSecret(secret);
        return host;
    }

    private static CreateBranchPageTokens at(Instant now) {
        return new CreateBranchPageTokens(Clock.fixed(now, ZoneOffset.UTC));
    }

    private final AtlassianHost acme = site("acme", "acme-secret-" + "a".repeat(40));
    private final String token = at(ISSUED).issue(acme, "account-1", "ABC-1");

    @Test
    void namesItsSiteUserAndIssueUntilItExpires() {
        assertThat(CreateBranchPageTokens.clientKey(token)).hasValue("acme");
        var claims = at(ISSUED.plus(CreateBranchPageTokens.LIFETIME).minusSeconds(1)).verify(token, acme);
        assertThat(claims).hasValueSatisfying(verified -> {
            assertThat(verified.clientKey()).isEqualTo("acme");
            assertThat(verified.accountId()).isEqualTo("account-1");
            assertThat(verified.issueKey()).isEqualTo("ABC-1");
            assertThat(verified.expiresAt()).isEqualTo(ISSUED.plus(CreateBranchPageTokens.LIFETIME));
        });
    }

    @Test
    void isRefusedOnceExpired() {
        assertThat(at(ISSUED.plus(CreateBranchPageTokens.LIFETIME)).verify(token, acme)).isEmpty();
    }

    @Test
    void isRefusedUnderAnotherSecretOrSite() {
        assertThat(at(ISSUED).verify(token, site("acme", "new-secret-after-reinstall-" + "b".repeat(30)))).isEmpty();
        assertThat(at(ISSUED).verify(token, site("other", acme.getSharedSecret()))).isEmpty();
    }

    @Test
    void isRefusedWhenAnyPartIsChanged() {
        String[] parts = token.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String[] changed = parts.clone();
            changed[i] = i == 3 ? Long.toString(Long.parseLong(parts[3]) + 3600) : "x" + parts[i].substring(1);
            assertThat(at(ISSUED).verify(String.join(".", changed), acme)).as("part %d changed", i).isEmpty();
        }
        assertThat(at(ISSUED).verify("not.a.page.token", acme)).isEmpty();
        assertThat(at(ISSUED).verify("", acme)).isEmpty();
        assertThat(CreateBranchPageTokens.clientKey("%%%.a.b.c.d")).isEmpty();
        assertThat(CreateBranchPageTokens.clientKey(null)).isEmpty();
    }

    @Test
    void cannotPassForAJwt() {
        assertThat(JwtShapeFilter.refusal(token)).isNotNull();
        assertThatThrownBy(() -> SignedJWT.parse(token)).isInstanceOf(ParseException.class);
    }
}
