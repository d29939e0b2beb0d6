package com.gitbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void masksJwtsAndKnownTokenFormats() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnbmF0dXJl";
        String text = "Signature mismatch for " + jwt + ", token ghp_" + "a".repeat(36)
                + " and glpat-" + "b".repeat(20) + " and github_pat_" + "c".repeat(40);
        String redacted = SecretRedactor.redact(text);
        assertThat(redacted).doesNotContain(jwt).doesNotContain("ghp_a").doesNotContain("glpat-b").doesNotContain("github_pat_c");
        assertThat(redacted).startsWith("Signature mismatch for [redacted]");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Saved installation for host https://acme.atlassian.net (client-1, null, JWT)";
        assertThat(SecretRedactor.redact(text)).isEqualTo(text);
    }
}
