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

    private static final SealContext ROW_1 = SealContext.of("site-a", "integration", "credential", "row-1");

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("ghp_supersecret", ROW_1);
        assertThat(stored).startsWith("v2:").doesNotContain("ghp_supersecret");
        assertThat(cipher.decrypt(stored, ROW_1)).isEqualTo("ghp_supersecret");
        assertThat(cipher.isCurrent(stored)).isTrue();
    }

    @Test
    void sameSecretEncryptsDifferentlyEachTime() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        assertThat(cipher.encrypt("token", ROW_1)).isNotEqualTo(cipher.encrypt("token", ROW_1));
    }

    @Test
    void secretMovedToAnotherRowDoesNotDecrypt() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("token-of-alice", SealContext.of("site-a", "user_token", "token", "i-1", "alice"));
        assertThatThrownBy(() -> cipher.decrypt(stored, SealContext.of("site-a", "user_token", "token", "i-1", "bob")))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageNotContaining(stored);
    }

    @Test
    void secretOfTheSameRowMovedToAnotherSiteDoesNotDecrypt() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("token", ROW_1);
        assertThatThrownBy(() -> cipher.decrypt(stored, SealContext.of("site-b", "integration", "credential", "row-1")))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void partsOfAContextCannotBeShiftedIntoEachOther() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("token", SealContext.of("site/a", "user_token", "token", "i-1", "alice"));
        assertThatThrownBy(() -> cipher.decrypt(stored, SealContext.of("site", "user_token", "token", "a/i-1", "alice")))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void v1ValuesOpenOnlyWhereTheirV1ContextIsNamed() {
        String v1 = TestCiphers.sealV1(KEY_A, "token", "integration:row-1:credential");
        SecretCipher cipher = cipher(KEY_A, List.of());

        assertThat(cipher.decrypt(v1, ROW_1.orV1("integration:row-1:credential"))).isEqualTo("token");
        assertThat(cipher.isCurrent(v1)).isFalse();
        assertThatThrownBy(() -> cipher.decrypt(v1, ROW_1)).isInstanceOf(UnreadableSecretException.class);
        assertThatThrownBy(() -> cipher.decrypt(v1, ROW_1.orV1("integration:row-2:credential")))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void aV2ValueRelabelledV1DoesNotOpen() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        SealContext context = ROW_1.orV1("integration:row-1:credential");
        String relabelled = "v1" + cipher.encrypt("token", context).substring(2);
        assertThatThrownBy(() -> cipher.decrypt(relabelled, context)).isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void tamperedCiphertextIsRejected() {
        SecretCipher cipher = cipher(KEY_A, List.of());
        String stored = cipher.encrypt("token", ROW_1);
        char last = stored.charAt(stored.length() - 3);
        String tampered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);
        assertThatThrownBy(() -> cipher.decrypt(tampered, ROW_1)).isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void rotatedKeyStillDecryptsWhatTheOldKeyWrote() {
        String writtenWithA = cipher(KEY_A, List.of()).encrypt("token", ROW_1);
        SecretCipher rotated = cipher(KEY_B, List.of(KEY_A));
        assertThat(rotated.decrypt(writtenWithA, ROW_1)).isEqualTo("token");
        assertThat(rotated.isCurrent(writtenWithA)).isFalse();
        assertThat(rotated.encrypt("token", ROW_1).split(":")[1]).isNotEqualTo(writtenWithA.split(":")[1]);
    }

    @Test
    void unknownKeyIdIsReportedByIdNotByValue() {
        String writtenWithA = cipher(KEY_A, List.of()).encrypt("token", ROW_1);
        assertThatThrownBy(() -> cipher(KEY_B, List.of()).decrypt(writtenWithA, ROW_1))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining(writtenWithA.split(":")[1])
                .hasMessageNotContaining(KEY_A);
    }

    @Test
    void developmentKeyIsGeneratedOnceAndReused() throws Exception {
        String first = cipher(null, List.of()).encrypt("token", ROW_1);
        assertThat(Files.exists(dataDirectory.resolve(EncryptionKeys.KEY_FILE))).isTrue();
        assertThat(cipher(null, List.of()).decrypt(first, ROW_1)).isEqualTo("token");
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
