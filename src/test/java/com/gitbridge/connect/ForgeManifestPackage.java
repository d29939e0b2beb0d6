package com.gitbridge.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Atlassian's npm package {@code @forge/manifest}, at the version {@code forge/validator/package-lock.json} (test
 * resources) pins with its integrity, installed by {@code npm ci} next to that lock file the first time a test needs
 * it: the JSON schema of {@code manifest.yml}, the list of scopes Forge knows, and the full manifest validation that
 * {@code forge lint} and {@code forge deploy} run. Fetched, not kept in the repository: the package's licence is the
 * Atlassian Developer Terms, not an open-source licence that would let the project pass a copy on.
 */
final class ForgeManifestPackage {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration VALIDATE_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ForgeManifestPackage installed;

    private final Path directory;
    private final Path manifestPackage;

    private ForgeManifestPackage(Path directory) {
        this.directory = directory;
        this.manifestPackage = directory.resolve("node_modules/@forge/manifest");
    }

    static synchronized ForgeManifestPackage get() {
        if (installed == null) {
            try {
                Path lockFile = Path.of(ForgeManifestPackage.class.getResource("/forge/validator/package-lock.json").toURI());
                ForgeManifestPackage tool = new ForgeManifestPackage(lockFile.getParent());
                if (!tool.isInstalled()) {
                    tool.run(List.of("npm", "ci", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"),
                            Map.of(), INSTALL_TIMEOUT);
                }
                if (!tool.isInstalled()) {
                    throw new IllegalStateException("npm ci did not install @forge/manifest " + tool.pinnedVersion());
                }
                installed = tool;
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return installed;
    }

    String pinnedVersion() {
        return read(directory.resolve("package.json")).path("dependencies").path("@forge/manifest").asText();
    }

    Path schema() {
        return manifestPackage.resolve("out/schema/manifest-schema.json");
    }

    Set<String> scopes() {
        return strings(read(manifestPackage.resolve("out/scopes/shipyard-scopes.json")));
    }

    Set<String> deprecatedScopes() {
        return strings(read(manifestPackage.resolve("out/scopes/deprecated-shipyard-scopes.json")));
    }

    /**
     * What {@code @forge/manifest}'s full validation says of {@code manifest}: {@code {"success", "errors": [{"message",
     * "reference", "level", "line"}]}}. {@code variables} are the manifest variables' values, as the environment of
     * {@code forge deploy} gives them; no other variable of this process's environment reaches the validation.
     */
    JsonNode validate(Path manifest, Map<String, String> variables) {
        List<String> command = List.of("node", directory.resolve("validate-manifest.js").toString(),
                manifest.toAbsolutePath().toString());
        try {
            return JSON.readTree(run(command, variables, VALIDATE_TIMEOUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isInstalled() {
        Path packageJson = manifestPackage.resolve("package.json");
        return Files.exists(packageJson) && read(packageJson).path("version").asText().equals(pinnedVersion());
    }

    private String run(List<String> command, Map<String, String> variables, Duration timeout) {
        try {
            Path output = Files.createTempFile("forge-manifest-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(ForgeManifest.SAMPLE_VARIABLES::containsKey);
            builder.environment().putAll(variables);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
                        + "); Node.js and npm are needed, with the npm registry or npm's cache:\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command)
                    + " could not start; Node.js and npm are needed on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return new TreeSet<>(values);
    }
}
