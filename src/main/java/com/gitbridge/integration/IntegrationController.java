package com.gitbridge.integration;

import java.time.Instant;
import java.util.List;

import com.gitbridge.api.ApiException;
import com.gitbridge.integration.IntegrationForms.IntegrationChanges;
import com.gitbridge.integration.IntegrationForms.NewIntegration;
import com.gitbridge.jira.JiraPermissions;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.ProviderType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/integrations}: Jira administrators only, checked with Jira on every request. Bodies are checked after
 * that, by {@link IntegrationForms}, and not with {@code @Valid}: their checks depend on the host type, and every
 * wrong field is named in one answer.
 */
@RestController
@RequestMapping("/api/integrations")
class IntegrationController {

    private final IntegrationAdministration administration;
    private final JiraPermissions permissions;
    private final String addonBaseUrl;

    IntegrationController(IntegrationAdministration administration, JiraPermissions permissions,
                          @Value("${addon.base-url}") String addonBaseUrl) {
        this.administration = administration;
        this.permissions = permissions;
        this.addonBaseUrl = addonBaseUrl.endsWith("/") ? addonBaseUrl.substring(0, addonBaseUrl.length() - 1) : addonBaseUrl;
    }

    /** The contract's {@code Integration}: never a credential, not even masked. */
    record IntegrationJson(String id, ProviderType type, String name, String baseUrl, String region,
                           boolean requireUserPat, List<String> projectKeys, String accountLogin, String webhookUrl,
                           Instant createdAt, Instant updatedAt) {
    }

    record RepositoryJson(String id, String name, String defaultBranch, String webUrl) {
    }

    @GetMapping
    List<IntegrationJson> list(JiraUser user) {
        requireAdministrator(user);
        return administration.list(user.tenantId()).stream().map(this::json).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IntegrationJson create(JiraUser user, @RequestBody NewIntegration form) {
        requireAdministrator(user);
        return json(administration.create(user.tenantId(), form));
    }

    @PatchMapping("/{id}")
    IntegrationJson update(JiraUser user, @PathVariable String id, @RequestBody IntegrationChanges changes) {
        requireAdministrator(user);
        return json(administration.update(user.tenantId(), id, changes));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(JiraUser user, @PathVariable String id) {
        requireAdministrator(user);
        administration.delete(user.tenantId(), id);
    }

    @PostMapping("/{id}/webhook-secret")
    IntegrationJson rotateWebhookSecret(JiraUser user, @PathVariable String id) {
        requireAdministrator(user);
        return json(administration.rotateWebhookSecret(user.tenantId(), id));
    }

    @GetMapping("/{id}/repositories")
    List<RepositoryJson> repositories(JiraUser user, @PathVariable String id,
                                      @RequestParam(required = false) String query) {
        requireAdministrator(user);
        return administration.repositories(user.tenantId(), id, query).stream()
                .map(repository -> new RepositoryJson(repository.id(), repository.name(), repository.defaultBranch(), repository.webUrl()))
                .toList();
    }

    private void requireAdministrator(JiraUser user) {
        if (!permissions.isAdministrator(user)) {
            throw ApiException.notAllowed("Only Jira administrators can manage integrations");
        }
    }

    private IntegrationJson json(Integration integration) {
        String secret = administration.webhookSecret(integration);
        String webhookUrl = secret == null ? null : addonBaseUrl + "/webhooks/" + integration.id() + "/" + secret;
        return new IntegrationJson(integration.id(), integration.type(), integration.name(), integration.endpoint().baseUrl(),
                integration.region(), integration.requireUserPat(), integration.projectKeys(), integration.accountLogin(),
                webhookUrl, integration.createdAt(), integration.updatedAt());
    }
}
