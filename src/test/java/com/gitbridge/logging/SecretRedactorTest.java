package com.gitbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    private static final String MASK = SecretRedactor.MASK;

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
    void masksTheSecretOfAWebhookPathButKeepsTheIntegration() {
        String id = "7f1c2a3e-0b9d-4c55-9a1e-2f3b4c5d6e7f";
        String secret = "Zq3-x_9KpL0mN2bV4cX6zA8sD1fG3hJ5";
        assertThat(SecretRedactor.redact("Completed POST \"/webhooks/" + id + "/" + secret + "\", status 202"))
                .isEqualTo("Completed POST \"/webhooks/" + id + "/" + MASK + "\", status 202");
        assertThat(SecretRedactor.redact("webhookUrl=https://gitbridge.example/webhooks/" + id + "/" + secret + "?x=1"))
                .isEqualTo("webhookUrl=https://gitbridge.example/webhooks/" + id + "/" + MASK + "?x=1");
        assertThat(SecretRedactor.redact("POST /webhooks/" + id + "/" + secret + "/extra"))
                .doesNotContain(secret);
    }

    @Test
    void masksAzureDevOpsPersonalAccessTokens() {
        String classic = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";
        assertThat(classic).hasSize(52);
        assertThat(SecretRedactor.redact("Basic auth with pat " + classic + " failed"))
                .isEqualTo("Basic auth with pat " + MASK + " failed");
        String current = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2G3h4I5j6K7l8AZDOx9Y8";
        assertThat(current).hasSize(84);
        assertThat(SecretRedactor.redact("token " + current)).isEqualTo("token " + MASK);
    }

    @Test
    void masksAwsSecretAccessKeysWhereTheyAreNamed() {
        String secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(secretKey).hasSize(40);
        assertThat(SecretRedactor.redact("aws_secret_access_key = " + secretKey)).isEqualTo("aws_secret_access_key = " + MASK);
        assertThat(SecretRedactor.redact("{\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + secretKey + "\"}"))
                .isEqualTo("{\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + MASK + "\"}");
        assertThat(SecretRedactor.redact("credentials AKIAIOSFODNN7EXAMPLE:" + secretKey))
                .isEqualTo("credentials AKIAIOSFODNN7EXAMPLE:" + MASK);
    }

    @Test
    void masksValuesOfFieldsNamedAsSecrets() {
        assertThat(SecretRedactor.redact("{\"clientKey\":\"abc\",\"sharedSecret\":\"s3cr3t-value-123\",\"baseUrl\":\"https://a\"}"))
                .isEqualTo("{\"clientKey\":\"abc\",\"sharedSecret\":\"" + MASK + "\",\"baseUrl\":\"https://a\"}");
        assertThat(SecretRedactor.redact("client_secret=abcd1234&grant_type=x")).isEqualTo("client_secret=" + MASK + "&grant_type=x");
        assertThat(SecretRedactor.redact("password: hunter22")).isEqualTo("password: " + MASK);
    }

    @Test
    void masksAuthorizationHeaderValues() {
        assertThat(SecretRedactor.redact("Authorization: Basic dXNlcjpwYXNzd29yZA=="))
                .isEqualTo("Authorization: Basic " + MASK);
        assertThat(SecretRedactor.redact("headers={Authorization=Bearer abc.def-ghi_jkl, Accept=*/*}"))
                .isEqualTo("headers={Authorization=Bearer " + MASK + ", Accept=*/*}");
        assertThat(SecretRedactor.redact("[authorization:\"token 0123456789abcdef\"]"))
                .isEqualTo("[authorization:\"token " + MASK + "\"]");
        assertThat(SecretRedactor.redact("sent Bearer 8f14e45fceea167a5a36dedd4bea2543 to the host"))
                .isEqualTo("sent Bearer " + MASK + " to the host");
    }

    @Test
    void masksPasswordsInUrls() {
        assertThat(SecretRedactor.redact("fetch https://x-access-token:abc123@ghe.example/acme/web.git failed"))
                .isEqualTo("fetch https://x-access-token:" + MASK + "@ghe.example/acme/web.git failed");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        for (String text : new String[] {
                "Saved installation for host https://acme.atlassian.net (client-1, null, JWT)",
                "Indexed commit 3f786850e387550fdab836ed7e6dc881de23001b of acme/web",
                "Indexed commit 9b74c9897bac770ffc029102a200c5de of acme/web (sha256 "
                        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855)",
                "Refused the host's answer: Basic authentication is not enabled on this server",
                "Use a Bearer token or a secret of your own",
                "GET /api/integrations/7f1c2a3e-0b9d-4c55-9a1e-2f3b4c5d6e7f/repositories",
                "Webhook of integration 7f1c2a3e: discovering repositories",
                "Moved src/main/java/com/gitbridge/provider/AbstractProviderConfiguration.java to a new home",
                "The secret is stored encrypted",
                "https://dev.azure.com/acme/_apis/git/repositories?api-version=7.1"}) {
            assertThat(SecretRedactor.redact(text)).isEqualTo(text);
        }
    }
}
