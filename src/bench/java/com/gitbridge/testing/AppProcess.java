package com.gitbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.gitbridge.GitBridgeApplication;

/**
 * The app in a JVM of its own, started from the test classpath: for measuring what the app alone costs (its heap is
 * its own) and for running several instances on one database. Configured as {@link AppTestBase} configures the app
 * (install-keys server, test encryption key, private addresses allowed, {@link AppTestBase#ADDON_BASE_URL}), with its
 * data directory and default H2 database inside {@code directory}; {@link Builder#property} overrides any of that.
 * The child writes its console to {@link #log()} and its GC log to {@link #gcLog()}. Usage:
 * <pre>{@code
 * try (AppProcess app = AppProcess.builder("a", dir).heap("512m")
 *         .property("spring.datasource.url", url).start()) {
 *     app.baseUrl(); ...; app.gcSummary();
 * }
 * }</pre>
 */
public final class AppProcess implements AutoCloseable {

    /** The key {@code application-test.properties} uses: secrets the tests seed stay readable by every instance. */
    public static final String TEST_ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern GC_PAUSE = Pattern.compile(
            "GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path gcLog;

    private AppProcess(String name, Process process, int port, Path log, Path gcLog) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** An instance called {@code name} (in messages and file names) working in {@code directory}. */
    public static Builder builder(String name, Path directory) {
        return new Builder(name, directory);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port}, where the instance listens. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time the instance's JVM has used so far, all threads (0 where the OS does not tell). */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * CPU time so far of the child's live threads whose names {@code threadName} accepts ({@code "C2 CompilerThre"},
     * {@code "GC Thread#0"}: Linux cuts names at 15 characters), from {@code /proc}; empty where there is none. Threads
     * that have ended are not counted.
     */
    public Optional<Duration> cpuTimeOfThreads(Predicate<String> threadName) {
        Path tasks = Path.of("/proc", String.valueOf(process.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return Optional.empty();
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (threadName.test(name)) {
                    // From the state (the 3rd field of stat) on: utime and stime are the 14th and 15th fields.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        // Clock ticks of USER_HZ, which is 100 on the Linux systems the JDK supports.
        return Optional.of(Duration.ofMillis(ticks * 10));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's standard output and error. */
    public Path log() {
        return log;
    }

    /** The child's {@code -Xlog:gc*} output. */
    public Path gcLog() {
        return gcLog;
    }

    /** What the GC log says so far about the heap: the pauses, and the largest heap after one and committed. */
    public GcSummary gcSummary() {
        List<String> lines;
        try {
            lines = Files.readAllLines(gcLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int pauses = 0;
        long peakAfter = 0;
        long peakBefore = 0;
        long maxCommitted = 0;
        for (String line : lines) {
            Matcher pause = GC_PAUSE.matcher(line);
            if (pause.find()) {
                pauses++;
                peakBefore = Math.max(peakBefore, bytes(pause.group(1), pause.group(2)));
                peakAfter = Math.max(peakAfter, bytes(pause.group(3), pause.group(4)));
                maxCommitted = Math.max(maxCommitted, bytes(pause.group(5), pause.group(6)));
            }
        }
        return new GcSummary(pauses, peakBefore, peakAfter, maxCommitted,
                lines.stream().anyMatch(line -> line.contains("Pause Full")));
    }

    /**
     * @param pauses             GC pauses logged
     * @param peakBeforeGcBytes  the fullest the heap was when a collection started
     * @param peakAfterGcBytes   the most the heap held right after a collection: the live set's high-water mark
     * @param maxCommittedBytes  the most heap the JVM had reserved from the OS
     * @param fullGc             whether a full collection happened
     */
    public record GcSummary(int pauses, long peakBeforeGcBytes, long peakAfterGcBytes, long maxCommittedBytes,
                            boolean fullGc) {
    }

    /** Stops the instance as a platform would (SIGTERM, so it shuts down gracefully), killing it if it hangs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static long bytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }

    public static final class Builder {

        private final String name;
        private final Path directory;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmArguments = new ArrayList<>();
        private String heap = "512m";

        private Builder(String name, Path directory) {
            this.name = name;
            this.directory = directory;
            properties.put("addon.base-url", AppTestBase.ADDON_BASE_URL);
            properties.put("atlassian.connect.public-key-base-url", InstallKeyServer.get().baseUrl());
            // The instances run the production profile, which refuses that override unless it is allowed.
            properties.put("gitbridge.allow-endpoint-overrides", "true");
            properties.put("gitbridge.outbound.allow-private-addresses", "true");
            properties.put("gitbridge.data-directory", directory.resolve("data").toString());
            properties.put("gitbridge.indexing.mirrors", directory.resolve("data/mirrors").toString());
        }

        /** A Spring property, as {@code -Dname=value}. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** The app's database. */
        public Builder database(String jdbcUrl, String username, String password) {
            return property("spring.datasource.url", jdbcUrl).property("spring.datasource.username", username)
                    .property("spring.datasource.password", password);
        }

        /** {@code -Xmx}, e.g. {@code "512m"} (the default). */
        public Builder heap(String maxHeap) {
            this.heap = maxHeap;
            return this;
        }

        /** Any other JVM option, e.g. {@code -XX:+UseSerialGC}. */
        public Builder jvmArgument(String argument) {
            jvmArguments.add(argument);
            return this;
        }

        /** Starts the instance on a free port and returns once {@code /actuator/health} says UP. */
        public AppProcess start() {
            try {
                Files.createDirectories(directory);
                int port = freePort();
                Path log = directory.resolve(name + ".log");
                Path gcLog = directory.resolve(name + "-gc.log");
                // An argument file: the test classpath is too long for one command-line argument on some systems.
                List<String> arguments = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                        "-Xlog:gc*:file=" + gcLog + ":uptime,level,tags:filecount=0", "-cp", quoted(testClasspath())));
                arguments.addAll(productionJvmOptions());
                arguments.addAll(jvmArguments);
                properties.forEach((key, value) -> arguments.add(quoted("-D" + key + "=" + value)));
                arguments.add("-Dserver.port=" + port);
                arguments.add(GitBridgeApplication.class.getName());
                Path argumentFile = directory.resolve(name + ".args");
                Files.write(argumentFile, arguments);

                ProcessBuilder command = new ProcessBuilder(javaExecutable(), "@" + argumentFile)
                        .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
                command.environment().put("GITBRIDGE_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY);
                AppProcess app = new AppProcess(name, command.start(), port, log, gcLog);
                try {
                    app.awaitHealthy();
                } catch (RuntimeException | InterruptedException e) {
                    app.close();
                    throw e;
                }
                return app;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * The {@code -XX:} options of the Procfile's web process, so that an instance runs on the JVM settings
         * production runs with (options given with {@link #jvmArgument} come after them, and so win).
         */
        static List<String> productionJvmOptions() throws IOException {
            String web = Files.readAllLines(Path.of("Procfile")).stream()
                    .filter(line -> line.startsWith("web:")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The Procfile has no web process"));
            return Stream.of(web.split("\\s+")).filter(option -> option.startsWith("-XX:")).toList();
        }

        /** Surefire's forked JVM runs from a manifest-only jar; it passes the real classpath in this property. */
        private static String testClasspath() {
            return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        }

        private static String javaExecutable() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        /** An argument file's quoting: backslashes and double quotes escaped inside double quotes. */
        private static String quoted(String argument) {
            return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("App instance " + name + " exited with " + process.exitValue()
                        + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting: try again below
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("App instance " + name + " was not healthy within " + START_TIMEOUT + ":\n"
                + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
