package com.gitbridge.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The current encryption key and the older ones that may still be needed to decrypt. Without a configured key the
 * app generates a development key once into the data directory; the {@code production} profile refuses to start.
 */
@Component
class EncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(EncryptionKeys.class);
    static final String KEY_FILE = "encryption.key";

    private final EncryptionKey current;
    private final Map<String, EncryptionKey> byId = new LinkedHashMap<>();

    EncryptionKeys(EncryptionSettings settings, Environment environment) {
        this.current = currentKey(settings, environment);
        byId.put(current.id(), current);
        for (String previous : settings.previousKeys()) {
            EncryptionKey key = EncryptionKey.fromBase64(previous, "gitbridge.previous-keys");
            byId.putIfAbsent(key.id(), key);
        }
    }

    EncryptionKey current() {
        return current;
    }

    EncryptionKey byId(String id) {
        EncryptionKey key = byId.get(id);
        if (key == null) {
            throw new UnreadableSecretException("A stored secret was encrypted with key " + id
                    + ", which is not configured (add it to gitbridge.previous-keys)");
        }
        return key;
    }

    private static EncryptionKey currentKey(EncryptionSettings settings, Environment environment) {
        if (settings.encryptionKey() != null && !settings.encryptionKey().isBlank()) {
            return EncryptionKey.fromBase64(settings.encryptionKey(), "GITBRIDGE_ENCRYPTION_KEY");
        }
        if (environment.acceptsProfiles(Profiles.of("production"))) {
            throw new IllegalStateException("GITBRIDGE_ENCRYPTION_KEY is required in production: "
                    + "set it to the base64 of 32 random bytes (for example: openssl rand -base64 32)");
        }
        return developmentKey(settings.dataDirectory().resolve(KEY_FILE));
    }

    private static EncryptionKey developmentKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, Base64.getEncoder().encodeToString(bytes));
                restrictToOwner(file);
            }
            log.warn("No GITBRIDGE_ENCRYPTION_KEY set: secrets are encrypted with the development key in {}. "
                    + "Set GITBRIDGE_ENCRYPTION_KEY for any real use.", file.toAbsolutePath());
            return EncryptionKey.fromBase64(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the development encryption key in " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
