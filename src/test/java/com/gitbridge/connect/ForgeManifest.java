package com.gitbridge.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** {@code forge/manifest.yml} as Forge reads it: YAML, with its declared variables replaced by their values. */
final class ForgeManifest {

    static final Path FILE = Path.of("forge/manifest.yml");
    /** Values an operator would give the manifest's variables in the shell that runs {@code forge deploy}. */
    static final Map<String, String> SAMPLE_VARIABLES = Map.of(
            "ADDON_BASE_URL", "https://gitbridge.example.com",
            "MIGRATION_GUIDE_URL", "https://gitbridge.example.com/docs/forge");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z_][a-zA-Z0-9_]*)}");

    private ForgeManifest() {
    }

    static JsonNode raw() {
        try {
            return YAML.readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The manifest after Forge's variable interpolation: every {@code ${NAME}} of a variable declared under
     * {@code environment.variables} becomes its value (or its default); an undeclared one stays as written.
     */
    static JsonNode interpolated(Map<String, String> values) {
        JsonNode manifest = raw();
        Map<String, String> declared = new HashMap<>();
        for (JsonNode variable : manifest.path("environment").path("variables")) {
            if (variable.isTextual()) {
                declared.put(variable.asText(), values.get(variable.asText()));
            } else {
                String key = variable.path("key").asText();
                declared.put(key, values.getOrDefault(key, variable.path("default").asText()));
            }
        }
        return replace(manifest, declared);
    }

    private static JsonNode replace(JsonNode node, Map<String, String> declared) {
        if (node.isTextual()) {
            Matcher matcher = VARIABLE.matcher(node.asText());
            StringBuilder text = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                if (!declared.containsKey(name)) {
                    matcher.appendReplacement(text, Matcher.quoteReplacement(matcher.group()));
                    continue;
                }
                String value = declared.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("No value for the manifest variable " + name);
                }
                matcher.appendReplacement(text, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(text);
            return TextNode.valueOf(text.toString());
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), replace(field.getValue(), declared)));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(element -> copy.add(replace(element, declared)));
            return copy;
        }
        return node;
    }
}
