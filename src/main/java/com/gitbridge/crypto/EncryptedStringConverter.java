package com.gitbridge.crypto;

import jakarta.persistence.AttributeConverter;

/**
 * Stores a string column encrypted. Used from {@code META-INF/orm.xml} for the Connect shared secret; Hibernate
 * gets it from Spring, which injects the cipher.
 */
public class EncryptedStringConverter implements AttributeConverter<String, String> {

    private static final String CONTEXT = "connect-shared-secret";

    private final SecretCipher cipher;

    public EncryptedStringConverter(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String convertToDatabaseColumn(String plaintext) {
        return plaintext == null ? null : cipher.encrypt(plaintext, CONTEXT);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return stored == null ? null : cipher.decrypt(stored, CONTEXT);
    }
}
