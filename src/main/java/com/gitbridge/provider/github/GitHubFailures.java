package com.gitbridge.provider.github;

import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.provider.HostText;
import com.gitbridge.provider.OutboundFailures;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GHOTPRequiredException;
import org.kohsuke.github.HttpException;

/**
 * Turns github-api's exceptions into {@link ProviderException}s whose messages are fit for people. github-api puts
 * the host's response body into its exceptions' messages, so none of them is kept as the cause: only the app's own
 * transport failures are (see {@link HostText}).
 */
final class GitHubFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;

    /** @param host the host's name for messages, such as "GitHub Enterprise" */
    GitHubFailures(String host) {
        this.host = host;
    }

    /** @param subject what the request was about, for a 404: "repository acme/app" */
    ProviderException translate(IOException failure, String subject) {
        Optional<ProviderException> refused = OutboundFailures.of(failure, host);
        if (refused.isPresent()) {
            return refused.get();
        }
        DeadlineConnector.RedirectRefusedException redirect =
                cause(failure, DeadlineConnector.RedirectRefusedException.class);
        if (redirect != null) {
            return new ProviderException(Kind.HOST_REJECTED, host + " answered with a redirect (" + redirect.status()
                    + "); the app does not follow redirects, check the base URL", redirect);
        }
        int status = status(failure);
        if (failure instanceof FileNotFoundException || status == 404) {
            return notFound(subject, failure);
        }
        if (failure instanceof GHOTPRequiredException || status == 401) {
            return new ProviderException(Kind.CREDENTIAL_REJECTED, host + " refused the credential (401)");
        }
        if (status == 429 || status == 403 && isRateLimit(failure)) {
            Duration retryAfter = retryAfter(failure);
            return new ProviderException(Kind.RATE_LIMITED, host + " rate limit reached (" + status + ")"
                    + (retryAfter == null ? "" : "; retry in " + retryAfter.toSeconds() + " s"), retryAfter, null);
        }
        if (status == 403) {
            return new ProviderException(Kind.FORBIDDEN,
                    host + " does not allow the credential to do this (403)" + detail(failure));
        }
        if (status >= 500) {
            return new ProviderException(Kind.HOST_UNAVAILABLE, host + " failed (" + status + ")");
        }
        if (status >= 400) {
            return new ProviderException(Kind.HOST_REJECTED,
                    host + " refused the request (" + status + ")" + detail(failure));
        }
        return new ProviderException(Kind.HOST_UNAVAILABLE,
                host + " could not be reached or gave no usable answer: " + reason(failure), transportFailure(failure));
    }

    /** @param failure the host's 404, or {@code null} where the request was not worth sending */
    ProviderException notFound(String subject, IOException failure) {
        return new ProviderException(Kind.NOT_FOUND, host + ": " + subject
                + " not found, or not visible to the credential" + (failure == null ? "" : " (404)"));
    }

    static int status(IOException failure) {
        return failure instanceof HttpException http ? http.getResponseCode() : -1;
    }

    /**
     * GitHub's own explanation from an error body, such as "Reference already exists" or "Validation Failed:
     * A pull request already exists for acme:feature."; {@code null} if the body had none.
     */
    static String hostMessage(IOException failure) {
        if (!(failure instanceof HttpException) || failure.getMessage() == null) {
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(failure.getMessage());
        } catch (JsonProcessingException notJson) {
            return null;
        }
        if (body == null || !body.isObject()) {
            return null;
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            String text = error.isTextual() ? error.asText() : error.path("message").asText("");
            if (text.isEmpty()) {
                text = String.join(" ", error.path("resource").asText(""), error.path("field").asText(""),
                        error.path("code").asText("")).trim();
            }
            if (!text.isEmpty()) {
                errors.add(text);
            }
        }
        String message = body.path("message").asText("");
        if (errors.isEmpty()) {
            return message.isEmpty() ? null : message;
        }
        return (message.isEmpty() ? "" : message + ": ") + String.join("; ", errors);
    }

    private static String detail(IOException failure) {
        return HostText.quote(hostMessage(failure));
    }

    /**
     * The app's own failure to reach the host (its message is ours; it tells a timeout), or {@code null}: anything
     * else github-api threw may hold the host's body, such as its "Failed to deserialize" with the whole answer.
     */
    private static IOException transportFailure(IOException failure) {
        DeadlineConnector.HostUnreachableException unreachable =
                cause(failure, DeadlineConnector.HostUnreachableException.class);
        return unreachable != null ? unreachable : cause(failure, InterruptedIOException.class);
    }

    private static String reason(IOException failure) {
        DeadlineConnector.HostUnreachableException unreachable =
                cause(failure, DeadlineConnector.HostUnreachableException.class);
        return unreachable == null ? failure.getClass().getSimpleName() : unreachable.getMessage();
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    // 403 and 429 failures always carry the response headers (the library fails on getting absent ones).
    private static boolean isRateLimit(IOException failure) {
        return "0".equals(header(failure, "X-RateLimit-Remaining"))
                || header(failure, "Retry-After") != null
                || header(failure, "gh-limited-by") != null;
    }

    private static Duration retryAfter(IOException failure) {
        String retryAfter = header(failure, "Retry-After");
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
                    return untilNow(at);
                } catch (DateTimeParseException notDate) {
                    // fall through to the rate-limit reset
                }
            }
        }
        String reset = header(failure, "X-RateLimit-Reset");
        if (reset != null) {
            try {
                return untilNow(Instant.ofEpochSecond(Long.parseLong(reset.trim())));
            } catch (NumberFormatException unreadable) {
                return null;
            }
        }
        return null;
    }

    private static Duration untilNow(Instant at) {
        Duration wait = Duration.between(Instant.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static String header(IOException failure, String name) {
        if (!(failure instanceof GHIOException withHeaders)) {
            return null;
        }
        Map<String, List<String>> headers = withHeaders.getResponseHeaderFields();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
