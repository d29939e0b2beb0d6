package com.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A GitHub Enterprise host that answers the repository listing with a 400 MB body, streamed: in a JVM with the
 * production heap (512 MB) the listing fails with {@code HOST_UNAVAILABLE} instead of running out of memory, and the
 * same client then lists a well-behaved answer.
 */
class HugeAnswerTest {

    private static final long FOUR_HUNDRED_MB = 400L * 1024 * 1024;

    private HttpServer host;
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger listings = new AtomicInteger();
    private final CountDownLatch hugeAnswerEnded = new CountDownLatch(1);

    @BeforeEach
    void hostThatStreamsAHugeListing() throws IOException {
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/api/v3/user/repos", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            boolean huge = listings.getAndIncrement() == 0;
            try (OutputStream body = exchange.getResponseBody()) {
                if (!huge) {
                    byte[] answer = "[]".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, answer.length);
                    body.write(answer);
                    return;
                }
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                body.write("[{\"full_name\":\"".getBytes(StandardCharsets.UTF_8));
                while (written.get() < FOUR_HUNDRED_MB) {
                    body.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException closedByTheApp) {
                // The app stopped reading and closed the connection: what the test wants.
            } finally {
                hugeAnswerEnded.countDown();
            }
        });
        host.createContext("/api/v3/user", exchange -> {
            byte[] answer = "{\"login\":\"integration-bot\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(answer);
            }
        });
        host.start();
    }

    @AfterEach
    void stop() {
        host.stop(0);
    }

    @Test
    void aListingOfFourHundredMegabytesFailsInAProductionHeapAndTheAppStopsReadingIt() throws Exception {
        Path arguments = Files.createTempFile("huge-answer-probe", ".args");
        Path log = Files.createTempFile("huge-answer-probe", ".log");
        // An argument file: the test classpath can be longer than one command-line argument may be.
        Files.writeString(arguments, "-cp \"" + testClasspath().replace("\\", "\\\\") + "\"");
        Process probe = new ProcessBuilder(javaExecutable(), "-Xmx512m", "@" + arguments,
                Probe.class.getName(), "http://127.0.0.1:" + host.getAddress().getPort())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!probe.waitFor(2, TimeUnit.MINUTES)) {
            probe.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(probe.isAlive()).as("the probe still running after 2 minutes: " + output).isFalse();

        assertThat(output).as(output).contains("huge: HOST_UNAVAILABLE").contains("exceeded 10 MB")
                .contains("then: listed 0 repositories").doesNotContain("OutOfMemoryError");
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(hugeAnswerEnded.await(30, TimeUnit.SECONDS)).as("the host's answer ended").isTrue();
    }

    /** The client in a JVM of its own, with the production heap: one listing of the huge answer, then a small one. */
    public static final class Probe {
        public static void main(String[] args) {
            GitHubProviderFactory factory = new GitHubProviderFactory(
                    new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)), TestOutbound.ALLOW_LOCAL);
            GitProvider provider = factory.connect(HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, args[0], null),
                    new Credential.Token("ghp_hugeAnswerProbe"));
            try {
                provider.listRepositories(null);
                System.out.println("huge: listed, not refused");
            } catch (ProviderException e) {
                System.out.println("huge: " + e.kind() + " " + e.getMessage());
            } catch (Throwable e) {
                System.out.println("huge: " + e);
                System.exit(1);
            }
            try {
                GitProvider small = factory.connect(HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, args[0], null),
                        new Credential.Token("ghp_hugeAnswerProbe"));
                System.out.println("then: listed " + small.listRepositories("small-answer-please").size() + " repositories");
            } catch (Throwable e) {
                System.out.println("then: " + e);
                System.exit(1);
            }
            System.exit(0);
        }
    }

    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
