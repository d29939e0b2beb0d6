package com.gitbridge.crypto;

/**
 * A stored secret does not open: it was sealed for another row or site, was changed, or was sealed with a key that
 * is not configured. Callers treat the secret as absent; the message never holds the stored value.
 */
public class UnreadableSecretException extends IllegalStateException {

    UnreadableSecretException(String message) {
        super(message);
    }
}
