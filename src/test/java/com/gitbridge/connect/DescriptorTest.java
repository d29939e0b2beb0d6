package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import org.junit.jupiter.api.Test;

class DescriptorTest extends AppTestBase {

    private JsonNode descriptor() throws Exception {
        var response = http.get("/atlassian-connect.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("${");
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void servesDescriptorWithIdentityAndResolvedBaseUrl() throws Exception {
        JsonNode descriptor = descriptor();
        assertThat(descriptor.path("key").asText()).isEqualTo("git-bridge-for-jira");
        assertThat(descriptor.path("name").asText()).isEqualTo("Git Bridge for Jira");
        assertThat(descriptor.path("baseUrl").asText()).isEqualTo(ADDON_BASE_URL);
        assertThat(descriptor.path("authentication").path("type").asText()).isEqualTo("jwt");
        assertThat(descriptor.path("vendor").path("name").asText()).isNotBlank();
    }

    @Test
    void declaresLifecycleMigrationsAndScopes() throws Exception {
        JsonNode descriptor = descriptor();
        assertThat(descriptor.path("lifecycle").path("installed").asText()).isEqualTo("/installed");
        assertThat(descriptor.path("lifecycle").path("uninstalled").asText()).isEqualTo("/uninstalled");
        assertThat(descriptor.path("apiMigrations").path("signed-install").asBoolean()).isTrue();
        assertThat(descriptor.path("apiMigrations").path("context-qsh").asBoolean()).isTrue();
        List<String> scopes = new ArrayList<>();
        descriptor.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        assertThat(scopes).containsExactlyInAnyOrder("READ", "WRITE", "DELETE");
    }

    @Test
    void declaresThePagesModulesWithTheirKeysUrlsAndCondition() throws Exception {
        JsonNode modules = descriptor().path("modules");

        JsonNode glance = modules.path("jiraIssueGlances").get(0);
        assertThat(glance.path("key").asText()).isEqualTo("development-glance");
        assertThat(glance.path("target").path("url").asText()).isEqualTo(
                "/pages/issue-panel?issueKey={issue.key}&issueId={issue.id}&projectKey={project.key}&projectId={project.id}");
        JsonNode condition = glance.path("conditions").get(0);
        assertThat(condition.path("condition").asText()).isEqualTo("has_project_permission");
        assertThat(condition.path("params").path("permission").asText()).isEqualTo("VIEW_DEV_TOOLS");

        JsonNode admin = modules.path("adminPages").get(0);
        assertThat(admin.path("key").asText()).isEqualTo("manage-git-repositories");
        assertThat(admin.path("name").path("value").asText()).isEqualTo("Manage Git repositories");
        assertThat(admin.path("url").asText()).isEqualTo("/pages/admin");

        JsonNode settings = modules.path("generalPages").get(0);
        assertThat(settings.path("key").asText()).isEqualTo("user-settings");
        assertThat(settings.path("url").asText()).isEqualTo("/pages/user-settings");

        JsonNode profileLink = modules.path("webItems").get(0);
        assertThat(profileLink.path("location").asText()).isEqualTo("system.user.options/personal");
        assertThat(profileLink.path("url").asText()).endsWith("/git-bridge-for-jira/user-settings");
    }

    @Test
    void declaresTheDevelopmentToolWhoseCreateBranchActionOpensTheCreateBranchPage() throws Exception {
        JsonNode tool = descriptor().path("modules").path("jiraDevelopmentTool");
        assertThat(tool.isObject()).as("one object, not an array").isTrue();
        assertThat(tool.path("key").asText()).isEqualTo("git-bridge-development");
        assertThat(tool.path("name").path("value").asText()).isEqualTo("Git Bridge for Jira");
        assertThat(tool.path("application").path("value").asText()).isEqualTo("Git Bridge");
        assertThat(tool.path("url").asText()).isEqualTo(ADDON_BASE_URL);
        List<String> capabilities = new ArrayList<>();
        tool.path("capabilities").forEach(capability -> capabilities.add(capability.asText()));
        assertThat(capabilities).containsExactly("commit", "branch", "pull_request");
        assertThat(tool.path("actions").path("createBranch").path("templateUrl").asText()).isEqualTo(ADDON_BASE_URL
                + "/pages/create-branch?issueKey={issue.key}&issueSummary={issue.summary}&jwt={jwt}");
        assertThat(tool.path("actions").size()).as("only createBranch is offered").isEqualTo(1);

        String logoUrl = tool.path("logoUrl").asText();
        assertThat(logoUrl).startsWith(ADDON_BASE_URL + "/images/").endsWith(".png");
        var logo = http.getBytes(logoUrl.substring(ADDON_BASE_URL.length()));
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(logo.body()));
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(image.getHeight()).isEqualTo(16);
    }

    @Test
    void healthIsPublicAndTheRestOfActuatorIsNot() {
        assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/env", null).statusCode()).isIn(401, 403, 404);
        assertThat(http.get("/actuator/beans", null).statusCode()).isIn(401, 403, 404);
    }
}
