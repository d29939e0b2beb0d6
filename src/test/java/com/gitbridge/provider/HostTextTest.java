package com.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What of a host's explanation may be quoted: one line of printable text, short, without the credential. */
class HostTextTest {

    @Test
    void aQuoteIsOneLineWithoutControlCharacters() {
        String forged = "Branch exists\r\n2030-01-01T00:00:00Z ERROR [main] forged\u001b[31m red\u202e reversed\u0000";

        String quoted = HostText.quote(forged);

        assertThat(quoted).startsWith(": Branch exists 2030-01-01T00:00:00Z ERROR [main] forged")
                .doesNotContainPattern("[\\r\\n\\u0000\\u001b\\u202e]");
    }

    @Test
    void aQuoteMasksTheCredentialAndIsCut() {
        String token = "glpat-abcdefghijklmnopqrst";

        assertThat(HostText.quote("Token " + token + " may not push")).contains(token);
        assertThat(HostText.quote("Token " + token + " may not push", token)).isEqualTo(": Token **** may not push");
        assertThat(HostText.quote("x".repeat(500))).hasSize(2 + HostText.MAX_QUOTE + 1).endsWith("…");
    }

    @Test
    void nothingUsableQuotesNothing() {
        assertThat(HostText.quote(null)).isEmpty();
        assertThat(HostText.quote(" \n\t ")).isEmpty();
    }

    @Test
    void onlyWhatIsShapedLikeAnErrorCodeIsShownAsOne() {
        assertThat(HostText.code("AccessDeniedException")).isEqualTo("AccessDeniedException");
        assertThat(HostText.code("rejectedByPolicy")).isEqualTo("rejectedByPolicy");
        assertThat(HostText.code("Access denied\nERROR forged")).isNull();
        assertThat(HostText.code("x".repeat(65))).isNull();
        assertThat(HostText.code(null)).isNull();
    }
}
