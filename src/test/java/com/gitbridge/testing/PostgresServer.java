package com.gitbridge.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temporary directory, started on a free loopback
 * port, stopped and deleted when the JVM exits. Uses the server binaries of the machine (Debian's
 * {@code postgresql} package); as root, which initdb refuses, it runs them as the {@code postgres} OS user.
 * Fails, never skips, when the binaries are missing: {@code .ci/run} installs them.
 */
public final class PostgresServer {

    private static PostgresServer instance;

    private final Path binDir;
    private final Path dataDir;
    private final int port;

    private PostgresServer() throws IOException, InterruptedException {
        binDir = findBinaries();
        dataDir = Files.createTempDirectory("gitbridge-pg-");
        port = freePort();
        if (runningAsRoot()) {
            run(List.of("chown", "postgres:postgres", dataDir.toString()));
        }
        runAsServerUser(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync"));
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndDelete));
    }

    /** A cluster of its own, for a test that stops and starts it while others use the shared one. */
    public static PostgresServer startDedicated() {
        try {
            return new PostgresServer();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start a test PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the cluster (again) on its port and data directory; returns when it accepts connections. */
    public void start() throws IOException, InterruptedException {
        runAsServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                "-l", dataDir.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir + " -c fsync=off -c full_page_writes=off",
                "start"));
    }

    public boolean isRunning() throws IOException, InterruptedException {
        List<String> status = List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "status");
        Process process = new ProcessBuilder(runningAsRoot() ? asServerUser(status) : status).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** Kills the server as a crash or power cut would: no checkpoint, open connections dropped. */
    public void stopImmediately() throws IOException, InterruptedException {
        runAsServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            try {
                instance = new PostgresServer();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the test PostgreSQL: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** A new, empty database in the cluster; its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
            connection.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** Points a Spring test context at a fresh database of this cluster. */
    public static void useFreshDatabase(org.springframework.test.context.DynamicPropertyRegistry registry) {
        get().useFreshDatabaseOf(registry);
    }

    /** Points a Spring test context at a fresh database of this server; its JDBC URL. */
    public String useFreshDatabaseOf(org.springframework.test.context.DynamicPropertyRegistry registry) {
        String url = createDatabase("test_" + java.util.UUID.randomUUID().toString().replace("-", ""));
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", () -> "");
        return url;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return "postgres";
    }

    private void stopAndDelete() {
        try {
            stopImmediately();
        } catch (Exception ignored) {
            // the JVM is exiting; the temporary directory is removed below either way
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort on exit
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Path.of(configured);
        }
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            return Arrays.stream(versions)
                    .map(version -> version.toPath().resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(PostgresServer::missing);
        }
        throw missing();
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("PostgreSQL server binaries not found: install them (Debian: apt-get install "
                + "postgresql) or set PG_BIN to the directory holding initdb and pg_ctl");
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void runAsServerUser(List<String> command) throws IOException, InterruptedException {
        if (runningAsRoot()) {
            run(asServerUser(command));
        } else {
            run(command);
        }
    }

    private static List<String> asServerUser(List<String> command) {
        List<String> asPostgres = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        asPostgres.addAll(command);
        return asPostgres;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("Command failed: " + String.join(" ", command) + "\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
