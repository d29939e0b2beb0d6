package com.gitbridge.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.provider.Credential;
import org.springframework.stereotype.Component;

/** Turns a {@link Credential} into its encrypted stored form and back. */
@Component
public class CredentialSealer {

    private final SecretCipher cipher;
    private final ObjectMapper json = new ObjectMapper();

    CredentialSealer(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** @param context what the stored form belongs to (site and row); a sealed credential opens only with the same context */
    public String seal(Credential credential, SealContext context) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (credential instanceof Credential.Token token) {
            fields.put("token", token.value());
        } else if (credential instanceof Credential.AwsAccessKey key) {
            fields.put("accessKeyId", key.accessKeyId());
            fields.put("secretAccessKey", key.secretAccessKey());
        }
        try {
            return cipher.encrypt(json.writeValueAsString(fields), context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a credential");
        }
    }

    /** @throws UnreadableSecretException if the stored form does not open with {@code context} */
    public Credential open(String sealed, SealContext context) {
        try {
            Map<?, ?> fields = json.readValue(cipher.decrypt(sealed, context), Map.class);
            if (fields.containsKey("token")) {
                return new Credential.Token((String) fields.get("token"));
            }
            return new Credential.AwsAccessKey((String) fields.get("accessKeyId"), (String) fields.get("secretAccessKey"));
        } catch (JsonProcessingException e) {
            throw new UnreadableSecretException("A stored credential is not readable");
        }
    }
}
