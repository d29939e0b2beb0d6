package com.gitbridge.provider;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A credential as the JSON API takes it: {@code {"token"}}, or for CodeCommit {@code {"accessKeyId","secretAccessKey"}}.
 * {@code toString()} hides the values.
 */
public record CredentialForm(String token, String accessKeyId, String secretAccessKey) {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    /** Hosts' tokens and AWS keys are visible ASCII; anything else cannot go into an HTTP header. */
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    /**
     * The credential for a host of {@code type}, or {@code null} with what is wrong put into {@code errors}, keyed
     * by {@code fieldPrefix} + field name (for example {@code credential.token}).
     */
    public static Credential validate(CredentialForm form, ProviderType type, String fieldPrefix, Map<String, String> errors) {
        if (type.usesRegion()) {
            String keyId = form == null || form.accessKeyId() == null ? "" : form.accessKeyId().trim();
            String secret = form == null || form.secretAccessKey() == null ? "" : form.secretAccessKey().trim();
            boolean valid = true;
            if (!ACCESS_KEY_ID.matcher(keyId).matches()) {
                errors.put(fieldPrefix + "accessKeyId", "Give the IAM access key id (capital letters and digits, such as AKIA…)");
                valid = false;
            }
            if (secret.isEmpty() || secret.length() > 256 || !VISIBLE_ASCII.matcher(secret).matches()) {
                errors.put(fieldPrefix + "secretAccessKey", "Give the secret access key");
                valid = false;
            }
            return valid ? new Credential.AwsAccessKey(keyId, secret) : null;
        }
        String token = form == null || form.token() == null ? "" : form.token().trim();
        if (token.isEmpty() || token.length() > 1000 || !VISIBLE_ASCII.matcher(token).matches()) {
            errors.put(fieldPrefix + "token", "Give the access token exactly as the host showed it, without spaces");
            return null;
        }
        return new Credential.Token(token);
    }

    @Override
    public String toString() {
        return "CredentialForm[****]";
    }
}
