package com.gitbridge.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class SecretCipherTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dataDirectory;

    private SecretCipher cipher(String key, List<String> previous) {
        return new SecretCipher(new EncryptionKeys(new EncryptionSettings(key, previous, dataDirectory), new MockEnvironment()));
    }

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("ghp_supersecret", "row-1");
        assertThat(stored).startsWith("v1:").doesNotContain("ghp_supersecret");
        assertThat(cipher.decrypt(stored, "row-1")).isEqualTo("ghp_supersecret");
    }

    @Test
    void sameSecretEncryptsDifferentlyEachTime() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        assertThat(cipher.encrypt("token", "ctx")).isNotEqualTo(cipher.encrypt("token", "ctx"));
    }

    @Test
    void secretMovedToAnotherRowDoesNotDecrypt() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("token-of-alice", "user:alice");
        assertThatThrownBy(() -> cipher.decrypt(stored, "user:bob"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(stored);
    }

    @Test
    void tamperedCiphertextIsRejected() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("token", "ctx");
        char last = stored.charAt(stored.length() - 3);
        String tampered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotatedKeyStillDecryptsWhatTheOldKeyWrote() {
        String writtenWithA = cipher(KEY_A, List.of()).encrypt("token", "ctx");
        SecretCipher rotated = cipher(KEY_B, List.of(KEY_A));
        assertThat(rotated.decrypt(writtenWithA, "ctx")).isEqualTo("token");
        assertThat(rotated.encrypt("token", "ctx").split(":")[1]).isNotEqualTo(writtenWithA.split(":")[1]);
    }

    @Test
    void unknownKeyIdIsReportedByIdNotByValue() {
        String writtenWithA = cipher(KEY_A, List.of()).encrypt("token", "ctx");
        assertThatThrownBy(() -> cipher(KEY_B, List.of()).decrypt(writtenWithA, "ctx"))
                .hasMessageContaining(writtenWithA.split(":")[1])
                .hasMessageNotContaining(KEY_A);
    }

    @Test
    void developmentKeyIsGeneratedOnceAndReused() throws Exception {
        String first = cipher(null, List.of()).encrypt("token", "ctx");
        assertThat(Files.exists(dataDirectory.resolve(EncryptionKeys.KEY_FILE))).isTrue();
        assertThat(cipher(null, List.of()).decrypt(first, "ctx")).isEqualTo("token");
    }

    @Test
    void productionRefusesToStartWithoutAKey() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        assertThatThrownBy(() -> new EncryptionKeys(new EncryptionSettings(null, List.of(), dataDirectory), production))
                .hasMessageContaining("GITBRIDGE_ENCRYPTION_KEY is required");
        assertThat(Files.exists(dataDirectory.resolve(EncryptionKeys.KEY_FILE))).isFalse();
    }

    @Test
    void keyOfWrongLengthIsRefusedWithoutEchoingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> cipher(shortKey, List.of()))
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
    }
}
