package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.gitbridge.testing.AppTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Forge manifest declares exactly the Connect app that the app serves at {@code /atlassian-connect.json}: the
 * same key, base URL and authentication, the same lifecycle callbacks, the same Connect scopes, and every module
 * with the same type, key, name, URLs, conditions and everything else. A module added to, changed in or removed from
 * the descriptor fails here until {@code forge/manifest.yml} says the same.
 */
class ForgeManifestDriftTest extends AppTestBase {

    /** Where Forge puts the descriptor's modules: {@code connectModules}, under {@code jira:<module type>}. */
    private static final String JIRA = "jira:";
    private static final String LIFECYCLE = JIRA + "lifecycle";

    private JsonNode descriptor;
    private JsonNode manifest;

    @BeforeEach
    void readBoth() throws Exception {
        var response = http.get("/atlassian-connect.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        descriptor = new ObjectMapper().readTree(response.body());
        manifest = ForgeManifest.interpolated(Map.of("ADDON_BASE_URL", ADDON_BASE_URL,
                "MIGRATION_GUIDE_URL", ForgeManifest.SAMPLE_VARIABLES.get("MIGRATION_GUIDE_URL")));
    }

    private JsonNode connectRemote() {
        String remote = manifest.path("app").path("connect").path("remote").asText();
        for (JsonNode candidate : manifest.path("remotes")) {
            if (candidate.path("key").asText().equals(remote)) {
                return candidate;
            }
        }
        throw new AssertionError("No remote " + remote + " in the manifest");
    }

    @Test
    void declaresTheDescriptorsAppKeyBaseUrlAndAuthentication() {
        JsonNode connect = manifest.path("app").path("connect");
        assertThat(connect.path("key").asText()).isEqualTo(descriptor.path("key").asText());
        assertThat(connect.path("authentication").asText()).isEqualTo(descriptor.path("authentication").path("type").asText());
        assertThat(connectRemote().path("baseUrl").asText()).isEqualTo(descriptor.path("baseUrl").asText());
    }

    @Test
    void declaresTheDescriptorsModulesAndNoOther() {
        Set<String> descriptorTypes = new TreeSet<>();
        descriptor.path("modules").fieldNames().forEachRemaining(type -> descriptorTypes.add(JIRA + type));
        Set<String> manifestTypes = new TreeSet<>();
        manifest.path("connectModules").fieldNames().forEachRemaining(manifestTypes::add);
        manifestTypes.remove(LIFECYCLE);
        assertThat(manifestTypes).isEqualTo(descriptorTypes);
    }

    @Test
    void declaresEachModuleAsTheDescriptorDoes() {
        assertThat(descriptor.path("modules").size()).as("the descriptor's modules").isPositive();
        descriptor.path("modules").fields().forEachRemaining(module -> {
            JsonNode declared = module.getValue();
            // A module the descriptor declares as one object (jiraDevelopmentTool) is a list of one in a manifest.
            JsonNode expected = declared.isArray() ? declared : new ObjectMapper().createArrayNode().add(declared);
            assertThat(manifest.path("connectModules").path(JIRA + module.getKey()))
                    .as("connectModules %s%s", JIRA, module.getKey()).isEqualTo(expected);
        });
    }

    @Test
    void declaresTheDescriptorsLifecycleCallbacks() {
        ArrayNode lifecycle = (ArrayNode) manifest.path("connectModules").path(LIFECYCLE);
        assertThat(lifecycle).hasSize(1);
        assertThat(descriptor.path("lifecycle").size()).as("the descriptor's lifecycle callbacks").isPositive();
        descriptor.path("lifecycle").fields().forEachRemaining(callback ->
                assertThat(lifecycle.get(0).path(callback.getKey()).asText()).as(callback.getKey())
                        .isEqualTo(callback.getValue().asText()));
        Set<String> events = new TreeSet<>();
        lifecycle.get(0).fieldNames().forEachRemaining(events::add);
        events.remove("key");
        Set<String> descriptorEvents = new TreeSet<>();
        descriptor.path("lifecycle").fieldNames().forEachRemaining(descriptorEvents::add);
        assertThat(events).isEqualTo(descriptorEvents);
    }

    /** Forge names the Connect scope {@code READ} {@code read:connect-jira}, {@code DELETE} {@code delete:connect-jira}. */
    @Test
    void declaresTheDescriptorsConnectScopes() {
        Set<String> expected = new TreeSet<>();
        descriptor.path("scopes").forEach(scope -> expected.add(scope.asText().toLowerCase(Locale.ROOT) + ":connect-jira"));
        Set<String> declared = new TreeSet<>();
        manifest.path("permissions").path("scopes").forEach(scope -> {
            if (scope.asText().endsWith(":connect-jira")) {
                declared.add(scope.asText());
            }
        });
        assertThat(expected).as("the descriptor's scopes").isNotEmpty();
        assertThat(declared).isEqualTo(expected);
    }
}
