package com.gitbridge.integration;

import java.util.List;
import java.util.Optional;

import com.gitbridge.api.ApiException;
import com.gitbridge.crypto.CredentialSealer;
import com.gitbridge.crypto.SealContext;
import com.gitbridge.crypto.UnreadableSecretException;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The integrations of a site as other features see them, and the one way to reach a host for an integration:
 * with the integration account's credential or with a credential given (a user's PAT), over the host's API or over
 * git. Either way the URL guard is checked first, and the integration account's credential never leaves. A stored
 * credential that does not open (sealed for another row or site) acts nowhere: the integration needs a new one.
 */
@Component
public class HostConnections {

    private static final Logger log = LoggerFactory.getLogger(HostConnections.class);

    static final String CREDENTIAL_FIELD = "credential";

    private final Integrations integrations;
    private final IntegrationForAction forAction;
    private final ProviderRegistry providers;
    private final CredentialSealer sealer;
    private final OutboundUrlGuard guard;

    HostConnections(Integrations integrations, IntegrationForAction forAction, ProviderRegistry providers,
                    CredentialSealer sealer, OutboundUrlGuard guard) {
        this.integrations = integrations;
        this.forAction = forAction;
        this.providers = providers;
        this.sealer = sealer;
        this.guard = guard;
    }

    public List<IntegrationInfo> list(String tenantId) {
        return integrations.findByTenantIdOrderByNameAscIdAsc(tenantId).stream().map(IntegrationInfo::of).toList();
    }

    /** An integration by id alone, for background jobs that carry no user; requests use {@link #find}. */
    public Optional<IntegrationInfo> findForJob(String integrationId) {
        return integrations.findById(integrationId).map(IntegrationInfo::of);
    }

    /** Every integration of every site: for the indexing poll, never for a request. */
    public List<IntegrationInfo> all() {
        return integrations.findAll().stream().map(IntegrationInfo::of).toList();
    }

    /**
     * The integration a webhook call names, if its secret matches: the secret in the URL is the webhook's only
     * authentication, compared in constant time.
     */
    public Optional<IntegrationInfo> findByWebhook(String integrationId, String secret) {
        return integrations.findById(integrationId).filter(integration -> {
            String expected;
            try {
                expected = ((Credential.Token) sealer.open(integration.sealedWebhookSecret(),
                        integration.sealContext(IntegrationAdministration.WEBHOOK_SECRET_FIELD))).value();
            } catch (UnreadableSecretException e) {
                log.warn("The webhook secret of integration {} does not open; rotate it", integration.id());
                return false;
            }
            return java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }).map(IntegrationInfo::of);
    }

    /** The tenant's integration; another tenant's id is as absent as an unknown one. */
    public Optional<IntegrationInfo> find(String tenantId, String integrationId) {
        return integrations.findByIdAndTenantId(integrationId, tenantId).map(IntegrationInfo::of);
    }

    /** The tenant's integration for a user's action, read once; another tenant's id is as absent as an unknown one. */
    public Optional<IntegrationAccess> findForAction(String tenantId, String integrationId) {
        return forAction.find(tenantId, integrationId);
    }

    /** A provider acting as the integration account. */
    public GitProvider asIntegrationAccount(IntegrationInfo integration) {
        return with(integration, integrationAccountCredential(integration));
    }

    /** A provider acting as the integration account, with the credential read along with the integration. */
    public GitProvider asIntegrationAccount(IntegrationAccess integration) {
        return with(integration.info(), open(integration.info(), integration.sealedCredential(), integration.sealContext()));
    }

    /**
     * How git fetches a repository of the integration as the integration account: from the clone URL its host
     * gave, which passes the same guard as admin-given URLs, authenticated the way that host takes the credential.
     *
     * @throws ProviderException ({@link ProviderException.Kind#HOST_REJECTED}) if there is no clone URL or the
     *                           guard refuses it; the message says why
     */
    public GitRemote gitRemote(IntegrationInfo integration, String cloneUrl) {
        if (cloneUrl == null) {
            throw new ProviderException(ProviderException.Kind.HOST_REJECTED, "The host gave no clone URL");
        }
        guard.refusal(cloneUrl).ifPresent(reason -> {
            throw new ProviderException(ProviderException.Kind.HOST_REJECTED, "The clone URL " + reason);
        });
        return providers.gitRemote(integration.endpoint(), integrationAccountCredential(integration), cloneUrl);
    }

    /** A provider acting with exactly {@code credential}, for example a user's personal access token. */
    public GitProvider with(IntegrationInfo integration, Credential credential) {
        if (integration.endpoint().baseUrl() != null) {
            guard.refusal(integration.endpoint().baseUrl()).ifPresent(reason -> {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "HOST_REJECTED", "The integration's URL " + reason);
            });
        }
        return providers.connect(integration.endpoint(), credential);
    }

    private Credential integrationAccountCredential(IntegrationInfo integration) {
        Integration stored = integrations.findByIdAndTenantId(integration.id(), integration.tenantId())
                .orElseThrow(() -> ApiException.notFound("Integration"));
        return open(integration, stored.sealedCredential(), stored.sealContext(CREDENTIAL_FIELD));
    }

    /**
     * The integration account's credential, or a refusal as if the host had refused it: a credential that does not
     * open is one the integration does not have.
     */
    private Credential open(IntegrationInfo integration, String sealed, SealContext context) {
        try {
            return sealer.open(sealed, context);
        } catch (UnreadableSecretException e) {
            log.warn("The stored credential of integration {} does not open; it acts nowhere until an administrator "
                    + "saves a new one", integration.id());
            throw new ProviderException(ProviderException.Kind.CREDENTIAL_REJECTED, "The stored credential of "
                    + integration.name() + " cannot be read: an administrator must save a new credential for it");
        }
    }
}
