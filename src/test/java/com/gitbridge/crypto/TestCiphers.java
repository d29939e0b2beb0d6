package com.gitbridge.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.mock.env.MockEnvironment;

/** Ciphers for tests outside this package, and values in the v1 format, written as that format was written. */
public final class TestCiphers {

    /** The key of {@code application-test.properties}: what the app under test seals with. */
    public static final String TEST_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private TestCiphers() {
    }

    public static SecretCipher cipher(String base64Key) {
        return new SecretCipher(new EncryptionKeys(new EncryptionSettings(base64Key, List.of(), Path.of("target/test-data")),
                new MockEnvironment()));
    }

    /** {@code plaintext} sealed in the v1 format ({@code v1:<keyId>:<base64(iv | ciphertext+tag)>}). */
    public static String sealV1(String base64Key, String plaintext, String associatedData) {
        EncryptionKey key = EncryptionKey.fromBase64(base64Key, "test key");
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return "v1:" + key.id() + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A credential sealed in the v1 format, as {@link CredentialSealer} wrote it: its fields as JSON. */
    public static String sealTokenV1(String base64Key, String token, String associatedData) {
        return sealV1(base64Key, "{\"token\":\"" + token + "\"}", associatedData);
    }
}
