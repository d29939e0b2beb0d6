package com.gitbridge.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest with AES-256-GCM. The stored form is {@code v2:<keyId>:<base64(iv | ciphertext+tag)>}, so
 * keys can be rotated. The {@link SealContext} (site, table, row, field) is authenticated with the secret as GCM
 * associated data: a stored secret copied to another row or site does not decrypt. Values in the {@code v1} format
 * carry associated data without the site; they still open where the caller names their v1 associated data, and
 * {@link SecretResealing} brings them to {@code v2}.
 */
@Component
public class SecretCipher {

    static final String V1 = "v1";
    static final String V2 = "v2";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;

    private final EncryptionKeys keys;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(EncryptionKeys keys) {
        this.keys = keys;
    }

    public String encrypt(String plaintext, SealContext context) {
        return seal(plaintext, context.associatedData());
    }

    /** @throws UnreadableSecretException if {@code stored} does not open with {@code context} */
    public String decrypt(String stored, SealContext context) {
        String[] parts = stored == null ? new String[0] : stored.split(":", 3);
        if (parts.length != 3) {
            throw new UnreadableSecretException("Not an encrypted secret");
        }
        String associatedData = switch (parts[0]) {
            case V2 -> context.associatedData();
            case V1 -> context.v1Associated();
            default -> null;
        };
        if (associatedData == null) {
            throw new UnreadableSecretException("A stored secret is not in a format this field takes");
        }
        return open(keys.byId(parts[1]), parts[2], associatedData);
    }

    /** Whether {@code stored} is in the current format and under the current key, so that re-sealing would not change it. */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(currentPrefix());
    }

    /** How every value sealed now begins: the format and the current key's id. */
    String currentPrefix() {
        return V2 + ":" + keys.current().id() + ":";
    }

    private String seal(String plaintext, String associatedData) {
        EncryptionKey key = keys.current();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] payload = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return V2 + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    private static String open(EncryptionKey key, String base64, String associatedData) {
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("Not an encrypted secret");
        }
        if (payload.length < IV_BYTES + TAG_BYTES) {
            throw new UnreadableSecretException("Not an encrypted secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, payload, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            // The message must not echo the stored value: say only that it did not decrypt.
            throw new UnreadableSecretException(
                    "A stored secret could not be decrypted (wrong key, tampered data, or sealed for another row or site)");
        }
    }
}
