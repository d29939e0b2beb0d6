package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DatabaseSnapshot;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A request body over its limit (1 MB on {@code /api}, {@link RequestBodyLimitFilter#WEBHOOK_LIMIT} on
 * {@code /webhooks}) is a 413 {@code PAYLOAD_TOO_LARGE} before anything parses it: at once when its
 * {@code Content-Length} says so, and as soon as a chunked body grows past the limit. Nothing is stored.
 */
class RequestBodyLimitTest extends AppTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MB = 1024 * 1024;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String admin = "admin-" + UUID.randomUUID();
    private final GitHubEnterpriseHost host = new GitHubEnterpriseHost();
    private TestTenant site;
    private TestCredential credential;

    @BeforeEach
    void site() {
        site = tenant(new com.gitbridge.testing.JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        credential = host.newCredential();
        host.accept(credential, "integration-bot");
    }

    /** A good "add integration" body of exactly {@code size} bytes: JSON after as much leading whitespace as needed. */
    private byte[] integrationBody(int size) {
        String json = """
                {"type":"GITHUB_ENTERPRISE","name":"Acme","baseUrl":"%s","credential":%s}""".formatted(host.baseUrl(), credential.json());
        return (" ".repeat(size - json.length()) + json).getBytes(StandardCharsets.UTF_8);
    }

    /** A push event of {@code size} bytes naming a repository nobody indexes. */
    private static byte[] pushEvent(int size) {
        String start = "{\"repository\":{\"full_name\":\"acme/unknown\"},\"padding\":\"";
        String end = "\"}";
        return (start + "x".repeat(size - start.length() - end.length()) + end).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String jwt, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(publisher);
        if (jwt != null) {
            request.header("Authorization", "JWT " + jwt);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertPayloadTooLarge(int status, String contentType, String body) throws IOException {
        assertThat(status).as(body).isEqualTo(413);
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
    }

    private static void assertPayloadTooLarge(HttpResponse<String> response) throws IOException {
        assertPayloadTooLarge(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    @Test
    void anApiBodyOfOneMegabyteIsTaken() throws Exception {
        assertThat(post("/api/integrations", site.contextJwt(admin), integrationBody(MB), false).statusCode()).isEqualTo(201);
        assertThat(post("/api/integrations", site.contextJwt(admin), integrationBody(MB), true).statusCode()).isEqualTo(201);
    }

    @Test
    void anApiBodyOverOneMegabyteIsRefusedWithNothingStored() throws Exception {
        var before = DatabaseSnapshot.of(jdbc);
        assertPayloadTooLarge(post("/api/integrations", site.contextJwt(admin), integrationBody(MB + 1), false));
        assertPayloadTooLarge(post("/api/integrations", site.contextJwt(admin), integrationBody(MB + 1), true));
        // Spring MVC decodes the path before it matches it: this is /api/integrations too.
        assertPayloadTooLarge(post("/%61pi/integrations", site.contextJwt(admin), integrationBody(MB + 1), true));
        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyOfTheBodyIsRead() throws Exception {
        // Only the headers are sent: the answer cannot have waited for the 100 MB they announce.
        RawResponse api = postHeadersOnly("/api/integrations", 100L * MB);
        assertPayloadTooLarge(api.status(), api.contentType(), api.body());
        RawResponse webhook = postHeadersOnly("/webhooks/" + UUID.randomUUID() + "/some-secret", 100L * MB);
        assertPayloadTooLarge(webhook.status(), webhook.contentType(), webhook.body());
        assertThat(webhook.body()).doesNotContain("some-secret");
    }

    @Test
    void webhooksTakeLargerPushEventsUpToTheirOwnLimit() throws Exception {
        String webhookPath = webhookPath();
        assertThat(post(webhookPath, null, pushEvent(2 * MB), false).statusCode()).isEqualTo(202);
        assertThat(post(webhookPath, null, pushEvent(RequestBodyLimitFilter.WEBHOOK_LIMIT), true).statusCode()).isEqualTo(202);

        var overByLength = post(webhookPath, null, pushEvent(RequestBodyLimitFilter.WEBHOOK_LIMIT + 1), false);
        assertPayloadTooLarge(overByLength);
        var overWhileStreaming = post(webhookPath, null, pushEvent(RequestBodyLimitFilter.WEBHOOK_LIMIT + 64 * 1024), true);
        assertPayloadTooLarge(overWhileStreaming);
        String secret = webhookPath.substring(webhookPath.lastIndexOf('/') + 1);
        assertThat(overByLength.body() + overWhileStreaming.body()).doesNotContain(secret);
    }

    private String webhookPath() throws Exception {
        var created = post("/api/integrations", site.contextJwt(admin), integrationBody(4096), false);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("webhookUrl").asText().substring(ADDON_BASE_URL.length());
    }

    private record RawResponse(int status, String contentType, String body) {
    }

    /** A POST whose headers announce {@code contentLength} bytes that never follow; the response as it comes. */
    private RawResponse postHeadersOnly(String path, long contentLength) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            // The refusal names its length; anything else is reported by its status and headers.
            String body = header(head, "Content-Length")
                    .map(length -> new String(readBody(in, Integer.parseInt(length)), StandardCharsets.UTF_8))
                    .orElse(head);
            return new RawResponse(status, header(head, "Content-Type").orElse(""), body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("Connection closed after " + head);
            }
            head.append((char) next);
        }
        return head.toString();
    }

    private static byte[] readBody(InputStream in, int length) {
        try {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> header(String head, String name) {
        return head.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim()).findFirst();
    }
}
