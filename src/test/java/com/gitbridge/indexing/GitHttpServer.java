package com.gitbridge.indexing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A git host for the tests: git's smart HTTP protocol (fetch only) for one repository at one path, behind HTTP
 * Basic authentication, or answering every request with a given status, only after a delay, or only when released.
 * In front of a simulated host's API ({@link #inFrontOf}) it passes every other request on to it, so that the API and
 * the clone URLs share one origin, as they do on a real host.
 */
public final class GitHttpServer implements AutoCloseable {

    /** Headers of one connection, not of the request or answer; the JDK's client sets some of them itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "git-http-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Repository repository;
    private final String path;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String expectedAuthorization;
    private volatile int status;
    private volatile Duration delay = Duration.ZERO;
    private volatile long packBytesBeforeReset = -1;
    private volatile CountDownLatch release;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();
    private volatile String upstream;
    private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public GitHttpServer(Repository repository, String path) throws IOException {
        this.repository = repository;
        this.path = path;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return origin() + path;
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Passes every request outside the repository on to {@code upstreamOrigin} (scheme, host and port). */
    public GitHttpServer inFrontOf(String upstreamOrigin) {
        this.upstream = upstreamOrigin;
        return this;
    }

    /** {@code upstreamUrl}, a URL under the upstream origin, as reached through this server. */
    public String through(String upstreamUrl) {
        if (upstream == null || !upstreamUrl.startsWith(upstream)) {
            throw new IllegalArgumentException(upstreamUrl + " is not under " + upstream);
        }
        return origin() + upstreamUrl.substring(upstream.length());
    }

    /** Serves only requests carrying these Basic credentials; others get 401 and a Basic challenge. */
    public GitHttpServer requireBasic(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Answers every request with this status. */
    GitHttpServer respondWith(int status) {
        this.status = status;
        return this;
    }

    /** Drops the connection after sending this many bytes of a pack, as a reset in the middle of a fetch would. */
    GitHttpServer resetPacksAfter(long bytes) {
        this.packBytesBeforeReset = bytes;
        return this;
    }

    GitHttpServer delayBy(Duration delay) {
        this.delay = delay;
        return this;
    }

    /**
     * Holds every request until {@code release} is counted down (at most a minute), as a host that never
     * finishes answering would.
     */
    GitHttpServer holdUntil(CountDownLatch release) {
        this.release = release;
        return this;
    }

    /** How many requests are held now. */
    int held() {
        return held.get();
    }

    /** The most requests held at once so far. */
    int mostHeld() {
        return mostHeld.get();
    }

    /** The Authorization headers received, in order. */
    List<String> authorizations() {
        return authorizations;
    }

    /** How many requests for the repository reached the server (not those passed on to the upstream). */
    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (upstream != null && !exchange.getRequestURI().getPath().startsWith(path + "/")) {
            try (exchange) {
                forward(exchange);
            }
            return;
        }
        requests.incrementAndGet();
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            CountDownLatch holding = release;
            if (holding != null) {
                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                try {
                    holding.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    held.decrementAndGet();
                }
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (status != 0) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String requested = exchange.getRequestURI().getPath();
            if (requested.equals(path + "/info/refs")
                    && "service=git-upload-pack".equals(exchange.getRequestURI().getQuery())) {
                advertise(exchange);
            } else if (requested.equals(path + "/git-upload-pack") && exchange.getRequestMethod().equals("POST")) {
                upload(exchange);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** Hands the request to the upstream as it came and its answer back as it went; a failed exchange drops both. */
    private void forward(HttpExchange exchange) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                        exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = forwarder.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private void advertise(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        PacketLineOut packets = new PacketLineOut(body);
        packets.writeString("# service=git-upload-pack\n");
        packets.end();
        UploadPack uploadPack = new UploadPack(repository);
        uploadPack.setBiDirectionalPipe(false);
        uploadPack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(packets));
        body.flush();
    }

    private void upload(HttpExchange exchange) throws IOException {
        InputStream request = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            request = new GZIPInputStream(request);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
        exchange.sendResponseHeaders(200, 0);
        UploadPack uploadPack = new UploadPack(repository);
        uploadPack.setBiDirectionalPipe(false);
        OutputStream response = exchange.getResponseBody();
        long limit = packBytesBeforeReset;
        uploadPack.upload(request, limit < 0 ? response : new CutOffStream(response, limit), null);
    }

    /** Passes bytes on until the limit, then fails, which makes the server drop the connection unfinished. */
    private static final class CutOffStream extends java.io.FilterOutputStream {
        private long left;

        CutOffStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int passed = (int) Math.min(left, length);
            out.write(bytes, offset, passed);
            left -= passed;
            if (passed < length) {
                out.flush();
                throw new IOException("connection reset");
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
