package com.gitbridge.provider.gitlab;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.gitlab4j.api.GitLabApiException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.gitbridge.provider.HostText;
import com.gitbridge.provider.OutboundFailures;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;

/**
 * Turns what gitlab4j throws into {@link ProviderException}s whose messages never hold the token, nor anything of a
 * failure's body (see {@link HostText}); gitlab4j's exceptions, which carry what GitLab said, are never the cause.
 */
final class GitLabFailures {

    private final String secret;

    GitLabFailures(String secret) {
        this.secret = secret;
    }

    /** A failure GitLab answered with a status, or (status 0) one where it gave no usable answer. */
    ProviderException of(GitLabApiException failure, String doing) {
        int status = failure.getHttpStatus();
        if (status == 0) {
            return unavailable(failure, doing);
        }
        if (status >= 300 && status < 400) {
            // Neither the Location nor the page around it is repeated: either may hold anything.
            return new ProviderException(Kind.HOST_REJECTED, "GitLab answered with a redirect (" + status + ") while "
                    + doing + "; the app does not follow redirects, check the base URL");
        }
        String hostSaid = hostMessage(failure);
        return switch (status) {
            case 401 -> new ProviderException(Kind.CREDENTIAL_REJECTED,
                    "GitLab refused the credential (401) while " + doing);
            case 403 -> new ProviderException(Kind.FORBIDDEN,
                    "GitLab denied the credential access (403) while " + doing + hostSaid);
            case 404 -> new ProviderException(Kind.NOT_FOUND,
                    "GitLab found no such repository or branch (404) while " + doing + hostSaid);
            case 429 -> ProviderException.rateLimited(
                    "GitLab is rate-limiting requests (429) while " + doing, retryAfter(failure.getHeaders()));
            default -> status >= 500
                    ? new ProviderException(Kind.HOST_UNAVAILABLE, "GitLab failed (" + status + ") while " + doing)
                    : rejected(failure, doing);
        };
    }

    /** GitLab refused the request itself (a 4xx other than 401, 403, 404 and 429). */
    ProviderException rejected(GitLabApiException failure, String doing) {
        return new ProviderException(Kind.HOST_REJECTED,
                "GitLab rejected the request (" + failure.getHttpStatus() + ") while " + doing + hostMessage(failure));
    }

    /** No usable answer: GitLab could not be reached, timed out, or answered with something that is not its API. */
    ProviderException unavailable(Exception failure, String doing) {
        Optional<ProviderException> refused = OutboundFailures.of(failure, "GitLab");
        if (refused.isPresent()) {
            return refused.get();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean transport = root instanceof IOException && !(root instanceof JsonProcessingException);
        String message;
        if (root instanceof SocketTimeoutException) {
            message = "GitLab did not answer in time while " + doing;
        } else if (transport) {
            message = "GitLab could not be reached while " + doing;
        } else {
            message = "GitLab's answer was not its API's while " + doing + " (is the base URL right?)";
        }
        return new ProviderException(Kind.HOST_UNAVAILABLE, message, transport ? root : null);
    }

    /** What GitLab said of its refusal (gitlab4j reads it from the error's message field), as a suffix for our message. */
    private String hostMessage(GitLabApiException failure) {
        return HostText.quote(failure.getMessage(), secret);
    }

    /** {@code Retry-After} (seconds or an HTTP date), else GitLab's {@code RateLimit-Reset} (epoch seconds). */
    private static Duration retryAfter(MultivaluedMap<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String retryAfter = headers.getFirst("Retry-After");
        String reset = headers.getFirst("RateLimit-Reset");
        try {
            if (retryAfter != null) {
                String value = retryAfter.strip();
                return value.chars().allMatch(Character::isDigit)
                        ? Duration.ofSeconds(Long.parseLong(value))
                        : until(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            }
            if (reset != null) {
                return until(Instant.ofEpochSecond(Long.parseLong(reset.strip())));
            }
        } catch (NumberFormatException | DateTimeParseException unreadable) {
            return null;
        }
        return null;
    }

    private static Duration until(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
