package com.gitbridge.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** An AES-256 key and its id, the first 8 hex digits of the SHA-256 of the key: the id names the key, not reveals it. */
record EncryptionKey(String id, SecretKey key) {

    static EncryptionKey fromBase64(String base64, String settingName) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(settingName + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(settingName + " must be 32 bytes (base64 of 32 random bytes), not " + bytes.length);
        }
        return new EncryptionKey(idOf(bytes), new SecretKeySpec(bytes, "AES"));
    }

    private static String idOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EncryptionKey[" + id + "]";
    }
}
