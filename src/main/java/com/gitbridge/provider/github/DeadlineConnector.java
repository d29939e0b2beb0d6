package com.gitbridge.provider.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import com.gitbridge.outbound.BodyLimit;
import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OriginRefusedException;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.GuardedDns;

/**
 * Sends github-api's requests with a deadline on the whole exchange, over Apache HttpClient's blocking client on
 * the calling thread. (The JDK's {@code HttpClient} passes each exchange between its selector thread, its executor
 * and, on machines of two cores or fewer, a new thread per response: a fifth of a branch creation's CPU.)
 * <p>
 * The read timeout bounds everything from sending the request to holding the complete body: a body that stalls
 * is cut off when it runs out, not only a silence between two packets.
 * <p>
 * Transport failures are reported as {@link HostUnreachableException}, which is not a {@code SocketException}:
 * github-api sleeps and retries those (a refused connection, for one), and retrying is the caller's decision. The
 * client retries nothing either: a branch creation that reached the host must not be sent twice.
 * <p>
 * A redirect is reported as {@link RedirectRefusedException} before github-api sees it: github-api follows
 * redirects itself, to any address the host names. It follows pagination links too, to any absolute URL: a
 * provider's requests go through {@link #boundTo}, which sends nothing outside the integration's API origin.
 * Connections go only to addresses {@link OutboundAddresses} lets through, checked as they are dialled, and no
 * answer is read past {@link BodyLimit#MAX_BYTES}, before or after github-api unpacks it.
 */
final class DeadlineConnector implements GitHubConnector, AutoCloseable {

    /** Headers the client writes itself from the request and its body. */
    private static final Set<String> CLIENT_HEADERS = Set.of("content-length", "host", "connection", "transfer-encoding");
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final CloseableHttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** @param connections at most this many connections to one host at once; more requests wait for one */
    DeadlineConnector(Duration connectTimeout, Duration readTimeout, int connections, OutboundAddresses addresses) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                .setSocketTimeout(Timeout.ofMilliseconds(readTimeout.toMillis()))
                // a kept connection the host may have closed meanwhile is checked before it carries a request
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(GuardedDns.forHttpClient5(addresses))
                        .setDefaultConnectionConfig(connection)
                        .setMaxConnPerRoute(connections)
                        .setMaxConnTotal(connections * 4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(readTimeout.toMillis()))
                        .setResponseTimeout(Timeout.ofMilliseconds(readTimeout.toMillis()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                // github-api asks for gzip and unpacks it itself
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("github-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        return deadlines;
    }

    /** This connector for the requests of one integration, all of which must go to {@code origin}. */
    GitHubConnector boundTo(Origin origin) {
        return request -> {
            if (!origin.contains(request.url())) {
                throw new OriginRefusedException();
            }
            return send(request);
        };
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        Response response = execute(request, exchange(request));
        if (response.statusCode() >= 300 && response.statusCode() < 400) {
            // github-api would follow it: the target could be any address at all.
            throw new RedirectRefusedException(response.statusCode());
        }
        return response;
    }

    /** github-api's request as HttpClient's, without the headers the client writes itself. */
    private static HttpUriRequestBase exchange(GitHubConnectorRequest request) throws IOException {
        HttpUriRequestBase exchange;
        try {
            exchange = new HttpUriRequestBase(request.method(), request.url().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Invalid request URL", e);
        }
        request.allHeaders().forEach((name, values) -> {
            if (values != null && !CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.addHeader(name, String.join(", ", values));
            }
        });
        InputStream body = request.body();
        if (request.hasBody() && body != null) {
            exchange.setEntity(new ByteArrayEntity(body.readAllBytes(), null));
        }
        return exchange;
    }

    /** Sends the exchange and reads the whole answer, cancelling it when the read timeout runs out. */
    private Response execute(GitHubConnectorRequest request, HttpUriRequestBase exchange) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            expired.set(true);
            exchange.cancel();
        }, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return client.execute(exchange, answer -> new Response(request, answer.getCode(),
                    headers(answer.getHeaders()), bytes(answer.getEntity())));
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                String reason = "no complete answer within " + readTimeout.toMillis() + " ms";
                // the cause says "timed out", as the read timeout's own exception would
                TimeoutException timedOut = new TimeoutException(reason);
                timedOut.initCause(e);
                throw new HostUnreachableException(reason, timedOut);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for the host");
            }
            throw new HostUnreachableException(reason(e), e);
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    private static Map<String, List<String>> headers(Header[] headers) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : headers) {
            byName.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        return byName;
    }

    private static byte[] bytes(HttpEntity entity) throws IOException {
        return entity == null ? new byte[0] : BodyLimit.readAll(entity.getContent());
    }

    private String reason(Exception failure) {
        if (failure instanceof ConnectTimeoutException) {
            return "no connection within " + connectTimeout.toMillis() + " ms";
        }
        if (failure instanceof SocketTimeoutException) {
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

        Response(GitHubConnectorRequest request, int status, Map<String, List<String>> headers, byte[] body) {
            super(request, status, headers);
            this.body = body;
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }

        /** The body as github-api reads it, unpacked if it came compressed: unpacked, it is held to the limit too. */
        @Override
        protected InputStream wrapStream(InputStream stream) throws IOException {
            return BodyLimit.limited(super.wrapStream(stream));
        }
    }
}
