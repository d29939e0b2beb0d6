package com.gitbridge.provider.codecommit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.HostText;
import com.gitbridge.provider.OutboundFailures;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.BranchNameExistsException;
import software.amazon.awssdk.services.codecommit.model.ReferenceDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;

/**
 * Turns what the AWS SDK throws into a {@link ProviderException} whose message never holds the key, nor anything of a
 * failure's body (see {@link HostText}). An answer's exception carries what the endpoint said, so it is never the cause.
 */
final class AwsFailures {

    /**
     * AWS's error codes for a key it does not accept. AWS sends them with 400 (JSON services) or 403 (STS), so the
     * code, not the status, tells them apart from a valid key that lacks a permission.
     */
    private static final Set<String> REJECTED_KEY_CODES = Set.of(
            "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch",
            "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "IncompleteSignature",
            "MissingAuthenticationToken");

    /** Sent with 400 by CodeCommit and 403 by STS. */
    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDeniedException", "AccessDenied");

    private final Credential.AwsAccessKey key;
    private final String host;

    AwsFailures(Credential.AwsAccessKey key, String region) {
        this.key = key;
        this.host = "AWS CodeCommit (" + region + ")";
    }

    ProviderException translate(String action, SdkException failure) {
        Optional<ProviderException> refused = OutboundFailures.of(failure, host);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!(failure instanceof AwsServiceException refusal)) {
            // SdkClientException, ApiCallTimeoutException: no answer from AWS at all.
            return new ProviderException(Kind.HOST_UNAVAILABLE,
                    message(action, "AWS could not be reached or did not answer in time"), failure);
        }
        if (refusal.statusCode() >= 300 && refusal.statusCode() < 400) {
            // The SDK's Apache client never follows a redirect; the Location is not repeated, it may hold anything.
            return new ProviderException(Kind.HOST_REJECTED, message(action, "the endpoint answered with a redirect ("
                    + refusal.statusCode() + "); the app does not follow redirects"));
        }
        AwsErrorDetails details = refusal.awsErrorDetails();
        String code = details == null || details.errorCode() == null
                ? "HTTP " + refusal.statusCode()
                : details.errorCode();
        Kind kind = kindOf(refusal, code);
        String shownCode = HostText.code(code) == null ? "HTTP " + refusal.statusCode() : code;
        String said = shownCode + (details == null ? "" : HostText.quote(details.errorMessage(), key.accessKeyId(),
                key.secretAccessKey()));
        String reason = switch (kind) {
            case CREDENTIAL_REJECTED -> "AWS refused the access key (" + said + ")";
            case FORBIDDEN -> "the access key lacks the permission (" + said + ")";
            case RATE_LIMITED -> "AWS is limiting the request rate (" + shownCode + ")";
            case HOST_UNAVAILABLE -> "AWS failed (" + refusal.statusCode() + ")";
            default -> said;
        };
        return new ProviderException(kind, message(action, withoutKey(reason)),
                kind == Kind.RATE_LIMITED ? retryAfter(details) : null, null);
    }

    private static Kind kindOf(AwsServiceException refusal, String code) {
        int status = refusal.statusCode();
        if (refusal instanceof BranchNameExistsException) {
            return Kind.BRANCH_EXISTS;
        }
        if (refusal instanceof RepositoryDoesNotExistException || refusal instanceof BranchDoesNotExistException
                || refusal instanceof ReferenceDoesNotExistException || status == 404) {
            return Kind.NOT_FOUND;
        }
        if (REJECTED_KEY_CODES.contains(code) || status == 401) {
            return Kind.CREDENTIAL_REJECTED;
        }
        if (refusal.isThrottlingException()) {
            return Kind.RATE_LIMITED;
        }
        if (ACCESS_DENIED_CODES.contains(code) || status == 403) {
            return Kind.FORBIDDEN;
        }
        return status >= 500 ? Kind.HOST_UNAVAILABLE : Kind.HOST_REJECTED;
    }

    private String message(String action, String reason) {
        return "Could not " + action + " in " + host + ": " + reason;
    }

    /**
     * AWS does not echo keys, but whatever answers at an endpoint override might. Values shorter than any real
     * access key id or secret are left alone, as replacing them would garble the text.
     */
    private String withoutKey(String text) {
        String result = text;
        for (String secret : new String[] {key.accessKeyId(), key.secretAccessKey()}) {
            if (secret.length() >= 8) {
                result = result.replace(secret, "****");
            }
        }
        return result;
    }

    private static Duration retryAfter(AwsErrorDetails details) {
        return Optional.ofNullable(details)
                .map(AwsErrorDetails::sdkHttpResponse)
                .flatMap(response -> response.firstMatchingHeader("Retry-After"))
                .map(AwsFailures::parseRetryAfter)
                .orElse(null);
    }

    /** Retry-After is either delay-seconds or an HTTP-date (RFC 9110). */
    private static Duration parseRetryAfter(String value) {
        String trimmed = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant until = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), until);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
