package com.gitbridge.provider.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Sends github-api's requests over {@link HttpClient} with a deadline on the whole exchange.
 * <p>
 * The library's own {@code HttpClientGitHubConnector} sets no request timeout, and {@link HttpRequest#timeout}
 * stops counting once the response headers arrive, so a body that stalls would hang. Here the read timeout bounds
 * everything from sending the request to holding the complete body.
 * <p>
 * Transport failures are reported as {@link HostUnreachableException}, which is not a {@code SocketException}:
 * github-api sleeps and retries those (a refused connection, for one), and retrying is the caller's decision.
 * <p>
 * A redirect is reported as {@link RedirectRefusedException} before github-api sees it: github-api follows
 * redirects itself, to any address the host names.
 */
final class DeadlineConnector implements GitHubConnector {

    private final HttpClient client;
    private final Duration readTimeout;

    DeadlineConnector(HttpClient client, Duration readTimeout) {
        this.client = client;
        this.readTimeout = readTimeout;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            // The JDK then abandons an exchange that stays silent; the deadline below also covers the body.
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(readTimeout);
        } catch (URISyntaxException e) {
            throw new IOException("Invalid request URL", e);
        }
        request.allHeaders().forEach((name, values) -> {
            if (values != null) {
                builder.header(name, String.join(", ", values));
            }
        });
        InputStream body = request.body();
        builder.method(request.method(), request.hasBody() && body != null
                ? HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes())
                : HttpRequest.BodyPublishers.noBody());

        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HostUnreachableException("no complete answer within " + readTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new HostUnreachableException(reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the host");
        }
        if (response.statusCode() >= 300 && response.statusCode() < 400) {
            // github-api would follow it (and the JDK client would not): the target could be any address at all.
            throw new RedirectRefusedException(response.statusCode());
        }
        return new Response(request, response);
    }

    private String reason(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "no connection within " + client.connectTimeout().map(Duration::toMillis).orElse(0L) + " ms";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within " + readTimeout.toMillis() + " ms";
        }
        return failure.getMessage() == null ? "connection failed" : "connection failed: " + failure.getMessage();
    }

    /** The host could not be reached or did not answer in time. */
    static final class HostUnreachableException extends IOException {
        HostUnreachableException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** The host answered with a redirect, which is never followed. The Location is left out: it may hold anything. */
    static final class RedirectRefusedException extends IOException {

        private final int status;

        RedirectRefusedException(int status) {
            super("the host answered with a redirect (" + status + ")");
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {

        private final byte[] body;

        Response(GitHubConnectorRequest request, HttpResponse<byte[]> response) {
            super(request, response.statusCode(), response.headers().map());
            this.body = response.body() == null ? new byte[0] : response.body();
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
