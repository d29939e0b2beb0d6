package com.gitbridge.provider.azure;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.gitbridge.provider.Listing;
import com.gitbridge.outbound.BodyLimit;
import com.gitbridge.provider.OutboundFailures;
import com.gitbridge.provider.HostText;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;

/**
 * The Azure DevOps REST API of one host with one credential: addresses with {@code api-version}, continuation
 * paging, and every refusal turned into a {@link ProviderException}.
 */
final class AzureApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTINUATION_TOKEN = "x-ms-continuationtoken";

    /** What the host answered; the body is kept raw so that a non-JSON answer (a sign-in page) can be told apart. */
    record Response(int status, HttpHeaders headers, byte[] body) {

        /** The body as JSON; a missing node when it is empty or not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }
    }

    private final RestClient client;
    private final String baseUrl;
    private final String apiVersion;
    private final String hostName;

    AzureApi(RestClient client, String baseUrl, String apiVersion, String hostName) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.apiVersion = apiVersion;
        this.hostName = hostName;
    }

    String hostName() {
        return hostName;
    }

    /** {@code {base}/{segments...}?{query}&api-version=...}; every segment is encoded (names may hold spaces). */
    URI uri(Map<String, String> query, String... segments) {
        return uri(apiVersion, query, segments);
    }

    /** As {@link #uri}, for resources the host serves only under a preview api-version. */
    URI previewUri(String... segments) {
        return uri(apiVersion + "-preview", Map.of(), segments);
    }

    private URI uri(String version, Map<String, String> query, String... segments) {
        StringBuilder url = new StringBuilder(baseUrl);
        for (String segment : segments) {
            url.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        url.append('?');
        // '$' may stand in a query as it is; the API documents its OData names that way ($top, $skip).
        query.forEach((name, value) ->
                url.append(encode(name).replace("%24", "$")).append('=').append(encode(value)).append('&'));
        url.append("api-version=").append(encode(version));
        return URI.create(url.toString());
    }

    JsonNode get(URI uri) {
        return ok(send(HttpMethod.GET, uri, null));
    }

    JsonNode post(URI uri, Object body) {
        return ok(send(HttpMethod.POST, uri, body));
    }

    /**
     * Every {@code value} item of a list resource, following {@code x-ms-continuationtoken} to the last page, each
     * page counted by {@code listing} before it is requested.
     */
    List<JsonNode> getAll(Listing listing, Map<String, String> query, String... segments) {
        List<JsonNode> items = new ArrayList<>();
        String token = null;
        do {
            listing.nextPage(token);
            Map<String, String> pageQuery = new LinkedHashMap<>(query);
            if (token != null) {
                pageQuery.put("continuationToken", token);
            }
            Response response = send(HttpMethod.GET, uri(pageQuery, segments), null);
            JsonNode page = ok(response).path("value");
            listing.items(page.size());
            page.forEach(items::add);
            token = response.headers().getFirst(CONTINUATION_TOKEN);
        } while (token != null && !token.isBlank());
        return items;
    }

    /** Sends a request; fails only if the host could not be reached or did not answer in time. */
    Response send(HttpMethod method, URI uri, Object body) {
        RestClient.RequestBodySpec request = client.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        try {
            return request.exchange((req, res) ->
                    new Response(res.getStatusCode().value(), res.getHeaders(), BodyLimit.readAll(res.getBody())));
        } catch (RestClientException e) {
            Optional<ProviderException> refused = OutboundFailures.of(e, hostName);
            if (refused.isPresent()) {
                throw refused.get();
            }
            String what = isTimeout(e) ? " did not answer in time" : " could not be reached";
            throw new ProviderException(Kind.HOST_UNAVAILABLE, hostName + what, e);
        }
    }

    /** The JSON body of a successful answer; anything else becomes the matching {@link ProviderException}. */
    JsonNode ok(Response response) {
        int status = response.status();
        if (status == 203) {
            // Azure DevOps answers some requests with a refused token by a sign-in page marked 203.
            throw new ProviderException(Kind.CREDENTIAL_REJECTED,
                    hostName + " refused the credential (203, it answered with a sign-in page)");
        }
        if (status >= 200 && status < 300) {
            JsonNode json = response.json();
            if (json.isMissingNode()) {
                throw new ProviderException(Kind.HOST_UNAVAILABLE,
                        hostName + " answered " + status + " with something other than JSON; check the base URL");
            }
            return json;
        }
        if (status >= 300 && status < 400) {
            throw redirected(status, response.headers().getLocation());
        }
        String detail = detail(response);
        throw switch (status) {
            case 401 -> new ProviderException(Kind.CREDENTIAL_REJECTED, hostName + " refused the credential (401)");
            case 403 -> new ProviderException(Kind.FORBIDDEN,
                    hostName + " does not allow this credential to do that (403)" + detail);
            case 404 -> new ProviderException(Kind.NOT_FOUND, hostName + " could not find it (404)" + detail);
            case 429 -> rateLimited(response);
            default -> {
                Duration retryAfter = retryAfter(response.headers());
                if (status == 503 && retryAfter != null) {
                    yield rateLimited(response);
                }
                if (status >= 500) {
                    yield new ProviderException(Kind.HOST_UNAVAILABLE, hostName + " failed (" + status + ")");
                }
                yield new ProviderException(Kind.HOST_REJECTED,
                        hostName + " refused the request (" + status + ")" + detail);
            }
        };
    }

    private ProviderException redirected(int status, URI location) {
        String target = location == null ? "" : location.toString().toLowerCase(Locale.ROOT);
        if (target.contains("signin") || target.contains("login")) {
            return new ProviderException(Kind.CREDENTIAL_REJECTED,
                    hostName + " refused the credential (" + status + ", it redirected to its sign-in page)");
        }
        return new ProviderException(Kind.HOST_REJECTED, hostName + " answered with a redirect (" + status
                + "); the app does not follow redirects, check the base URL");
    }

    private ProviderException rateLimited(Response response) {
        Duration retryAfter = retryAfter(response.headers());
        String when = retryAfter == null ? "" : "; retry in " + retryAfter.toSeconds() + " s";
        return ProviderException.rateLimited(
                hostName + " is throttling this credential (" + response.status() + ")" + when, retryAfter);
    }

    /** {@code Retry-After} in seconds, else the {@code X-RateLimit-Reset} epoch second; {@code null} if neither. */
    private static Duration retryAfter(HttpHeaders headers) {
        Long seconds = number(headers.getFirst(HttpHeaders.RETRY_AFTER));
        if (seconds != null) {
            return Duration.ofSeconds(Math.max(0, seconds));
        }
        Long reset = number(headers.getFirst("X-RateLimit-Reset"));
        if (reset != null) {
            Duration untilReset = Duration.between(Instant.now(), Instant.ofEpochSecond(reset));
            return untilReset.isNegative() ? Duration.ZERO : untilReset;
        }
        return null;
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    /**
     * The host's own explanation of a refusal ({@code "TF401179: An active pull request ..."}), as a suffix; empty if
     * none. Only for refusals: a failure's body is not repeated (see {@link HostText}).
     */
    private static String detail(Response response) {
        return HostText.quote(response.json().path("message").asText(""));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
