package com.gitbridge.integration;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.gitbridge.api.ApiException;
import com.gitbridge.crypto.CredentialSealer;
import com.gitbridge.crypto.UnreadableSecretException;
import com.gitbridge.integration.IntegrationForms.IntegrationChanges;
import com.gitbridge.integration.IntegrationForms.NewIntegration;
import com.gitbridge.integration.IntegrationForms.ValidNewIntegration;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a Jira administrator does with integrations. A credential is checked against its host before anything is
 * stored; host calls run outside database transactions.
 */
@Service
class IntegrationAdministration {

    private static final Logger log = LoggerFactory.getLogger(IntegrationAdministration.class);
    static final String WEBHOOK_SECRET_FIELD = "webhook-secret";

    private final Integrations integrations;
    private final HostConnections connections;
    private final ProviderRegistry providers;
    private final CredentialSealer sealer;
    private final IntegrationForms forms;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    IntegrationAdministration(Integrations integrations, HostConnections connections, ProviderRegistry providers,
                              CredentialSealer sealer, IntegrationForms forms, ApplicationEventPublisher events,
                              TransactionTemplate transaction, Clock clock) {
        this.integrations = integrations;
        this.connections = connections;
        this.providers = providers;
        this.sealer = sealer;
        this.forms = forms;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    List<Integration> list(String tenantId) {
        return integrations.findByTenantIdOrderByNameAscIdAsc(tenantId);
    }

    Integration get(String tenantId, String id) {
        return integrations.findByIdAndTenantId(id, tenantId).orElseThrow(() -> ApiException.notFound("Integration"));
    }

    Integration create(String tenantId, NewIntegration form) {
        ValidNewIntegration valid = forms.validate(form);
        CredentialCheck check = checkCredential(HostEndpoint.of(valid.type(), valid.baseUrl(), valid.region()), valid.credential());

        Integration integration = new Integration(UUID.randomUUID().toString(), tenantId, valid.type(), valid.name(),
                valid.baseUrl(), valid.region(), clock.instant());
        integration.useCredential(sealer.seal(valid.credential(), integration.sealContext(HostConnections.CREDENTIAL_FIELD)),
                check.login(), clock.instant());
        integration.useWebhookSecret(sealer.seal(new Credential.Token(newWebhookSecret()),
                integration.sealContext(WEBHOOK_SECRET_FIELD)));
        integration.requireUserPat(valid.requireUserPat(), clock.instant());
        integration.limitToProjects(valid.projectKeys(), clock.instant());
        Integration saved = integrations.save(integration);
        log.info("Integration {} ({}) added, acting as {}", saved.id(), saved.type(), saved.accountLogin());
        events.publishEvent(new IntegrationSaved(tenantId, saved.id()));
        return saved;
    }

    Integration update(String tenantId, String id, IntegrationChanges changes) {
        Integration integration = get(tenantId, id);
        IntegrationForms.ValidChanges valid = forms.validate(changes, integration.type());
        String name = valid.name();
        Credential credential = valid.credential();
        CredentialCheck check = credential == null ? null : checkCredential(integration.endpoint(), credential);
        Integration updated = transaction.execute(status -> {
            Integration current = get(tenantId, id);
            if (name != null) {
                current.rename(name, clock.instant());
            }
            if (changes.requireUserPat() != null) {
                current.requireUserPat(changes.requireUserPat(), clock.instant());
            }
            if (valid.projectKeys() != null) {
                current.limitToProjects(valid.projectKeys(), clock.instant());
            }
            if (credential != null) {
                current.useCredential(sealer.seal(credential, current.sealContext(HostConnections.CREDENTIAL_FIELD)),
                        check.login(), clock.instant());
            }
            return integrations.save(current);
        });
        if (credential != null) {
            events.publishEvent(new IntegrationSaved(tenantId, id));
        }
        return updated;
    }

    void delete(String tenantId, String id) {
        transaction.executeWithoutResult(status -> {
            Integration integration = get(tenantId, id);
            integrations.delete(integration);
            events.publishEvent(new IntegrationDeleted(tenantId, id));
        });
        log.info("Integration {} deleted", id);
    }

    /** A new webhook secret at once: the old webhook URL stops working. */
    Integration rotateWebhookSecret(String tenantId, String id) {
        Integration rotated = transaction.execute(status -> {
            Integration current = get(tenantId, id);
            current.useWebhookSecret(sealer.seal(new Credential.Token(newWebhookSecret()),
                    current.sealContext(WEBHOOK_SECRET_FIELD)));
            return integrations.save(current);
        });
        log.info("Webhook secret of integration {} rotated", id);
        return rotated;
    }

    List<HostRepository> repositories(String tenantId, String id, String query) {
        IntegrationAccess integration = new IntegrationAccess(get(tenantId, id));
        return connections.asIntegrationAccount(integration).listRepositories(query).stream()
                .sorted(Comparator.comparing(HostRepository::id, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** The webhook secret, or {@code null} if the stored one does not open: rotating it gives a working one. */
    String webhookSecret(Integration integration) {
        try {
            return ((Credential.Token) sealer.open(integration.sealedWebhookSecret(),
                    integration.sealContext(WEBHOOK_SECRET_FIELD))).value();
        } catch (UnreadableSecretException e) {
            return null;
        }
    }

    private CredentialCheck checkCredential(HostEndpoint endpoint, Credential credential) {
        try {
            return providers.connect(endpoint, credential).validate();
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.CREDENTIAL_REJECTED || e.kind() == ProviderException.Kind.FORBIDDEN) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "CREDENTIAL_REJECTED",
                        "The host did not accept the credential: " + e.getMessage());
            }
            throw e;
        }
    }

    private String newWebhookSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
