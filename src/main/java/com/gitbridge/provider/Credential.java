package com.gitbridge.provider;

import java.util.Objects;

/**
 * A secret that acts on a git host: the integration account's or a user's personal one.
 * {@code toString()} never reveals the secret, so a credential cannot reach a log by accident.
 */
public sealed interface Credential permits Credential.Token, Credential.AwsAccessKey {

    /** The last characters of the secret, for a hint such as "…a1b2"; at most four characters. */
    String hint();

    /** A personal access token (GitHub, GitLab, Azure DevOps / VSTS / TFS). */
    record Token(String value) implements Credential {
        public Token {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String hint() {
            return lastFour(value);
        }

        @Override
        public String toString() {
            return "Token[****]";
        }
    }

    /** An IAM access key (AWS CodeCommit). */
    record AwsAccessKey(String accessKeyId, String secretAccessKey) implements Credential {
        public AwsAccessKey {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String hint() {
            return lastFour(accessKeyId);
        }

        @Override
        public String toString() {
            return "AwsAccessKey[****]";
        }
    }

    private static String lastFour(String secret) {
        // Short secrets give no hint at all: revealing most of a short value is revealing it.
        return secret.length() < 12 ? "" : secret.substring(secret.length() - 4);
    }
}
