package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forge/manifest.yml} is a manifest Forge accepts: it matches the JSON schema of {@code @forge/manifest}, asks
 * only for scopes Forge knows, and passes that package's full validation, the manifest checks of {@code forge lint}
 * and {@code forge deploy}.
 */
class ForgeManifestTest {

    private static final ForgeManifestPackage FORGE = ForgeManifestPackage.get();
    private static final JsonSchema SCHEMA = schema();

    private static JsonSchema schema() {
        try (var schema = Files.newInputStream(FORGE.schema())) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<ValidationMessage> schemaErrors(JsonNode manifest) {
        return SCHEMA.validate(manifest);
    }

    private static List<String> scopes(JsonNode manifest) {
        List<String> scopes = new ArrayList<>();
        manifest.path("permissions").path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return scopes;
    }

    @Test
    void matchesTheSchemaOfForgeManifests() {
        assertThat(schemaErrors(ForgeManifest.interpolated(ForgeManifest.SAMPLE_VARIABLES))).isEmpty();
    }

    @Test
    void theSchemaCheckRefusesAConnectAuthenticationForgeDoesNotHave() {
        JsonNode manifest = ForgeManifest.interpolated(ForgeManifest.SAMPLE_VARIABLES);
        ((ObjectNode) manifest.path("app").path("connect")).put("authentication", "oauth2");
        assertThat(schemaErrors(manifest)).extracting(ValidationMessage::getInstanceLocation)
                .anySatisfy(location -> assertThat(location.toString()).contains("authentication"));
    }

    @Test
    void asksForScopesForgeKnowsAndNoDeprecatedOne() {
        List<String> scopes = scopes(ForgeManifest.raw());
        assertThat(scopes).doesNotHaveDuplicates().isSubsetOf(FORGE.scopes()).noneMatch(FORGE.deprecatedScopes()::contains);
        assertThat(scopes).contains("read:jira-work", "write:jira-work", "read:dev-info:jira", "write:dev-info:jira",
                "delete:dev-info:jira");
    }

    @Test
    void passesForgesOwnManifestValidation() {
        JsonNode result = FORGE.validate(ForgeManifest.FILE, ForgeManifest.SAMPLE_VARIABLES);
        assertThat(result.path("errors")).as(result.toString()).isEmpty();
        assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
    }

    @Test
    void forgesValidationRefusesAConnectModuleForgeDoesNotKnow(@TempDir Path directory) throws IOException {
        Path manifest = directory.resolve("manifest.yml");
        Files.writeString(manifest, Files.readString(ForgeManifest.FILE).replace("jira:adminPages:", "jira:adminPagez:"));
        JsonNode result = FORGE.validate(manifest, ForgeManifest.SAMPLE_VARIABLES);
        assertThat(result.path("success").asBoolean()).isFalse();
        assertThat(result.path("errors").toString()).contains("jira:adminPagez");
    }
}
