package com.gitbridge.provider;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A host refused or failed a request. Messages are written for people and never hold a credential.
 */
public class ProviderException extends RuntimeException {

    public enum Kind {
        /** 401: the host does not accept the credential (wrong, revoked or expired). */
        CREDENTIAL_REJECTED,
        /** 403: the credential is valid but may not do this. */
        FORBIDDEN,
        /** 404: repository, branch or project not there, or not visible to the credential. */
        NOT_FOUND,
        /** The branch name is taken. */
        BRANCH_EXISTS,
        /** The host refused the request itself, for example a pull request that already exists. */
        HOST_REJECTED,
        /** The host rate-limited us; see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** The host failed (5xx), could not be reached, or timed out. */
        HOST_UNAVAILABLE
    }

    private final Kind kind;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public ProviderException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    public ProviderException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public static ProviderException rateLimited(String message, Duration retryAfter) {
        return new ProviderException(Kind.RATE_LIMITED, message, retryAfter, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the host did not answer in time (rather than failing or being unreachable). */
    public boolean timedOut() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** How long to wait before trying again, for {@link Kind#RATE_LIMITED}; {@code null} if the host did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
