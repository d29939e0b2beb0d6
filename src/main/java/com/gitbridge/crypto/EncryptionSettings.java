package com.gitbridge.crypto;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param encryptionKey      the current key, base64 of 32 bytes ({@code GITBRIDGE_ENCRYPTION_KEY})
 * @param previousKeys       keys that still decrypt what they wrote, for rotation; never used to encrypt
 * @param dataDirectory      where the development key is generated when no key is configured
 */
@ConfigurationProperties("gitbridge")
record EncryptionSettings(String encryptionKey,
                          @DefaultValue List<String> previousKeys,
                          @DefaultValue("./data") Path dataDirectory) {
}
