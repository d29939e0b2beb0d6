package com.gitbridge.integration;

import java.util.List;
import java.util.Optional;

import com.gitbridge.api.ApiException;
import com.gitbridge.crypto.CredentialSealer;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.ProviderRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The integrations of a site as other features see them, and the one way to reach a host for an integration:
 * with the integration account's credential or with a credential given (a user's PAT). Either way the URL guard
 * is checked first.
 */
@Component
@Transactional(readOnly = true)
public class HostConnections {

    static final String CREDENTIAL_FIELD = "credential";

    private final Integrations integrations;
    private final ProviderRegistry providers;
    private final CredentialSealer sealer;
    private final OutboundUrlGuard guard;

    HostConnections(Integrations integrations, ProviderRegistry providers, CredentialSealer sealer, OutboundUrlGuard guard) {
        this.integrations = integrations;
        this.providers = providers;
        this.sealer = sealer;
        this.guard = guard;
    }

    public List<IntegrationInfo> list(String tenantId) {
        return integrations.findByTenantIdOrderByNameAscIdAsc(tenantId).stream().map(IntegrationInfo::of).toList();
    }

    /** The tenant's integration; another tenant's id is as absent as an unknown one. */
    public Optional<IntegrationInfo> find(String tenantId, String integrationId) {
        return integrations.findByIdAndTenantId(integrationId, tenantId).map(IntegrationInfo::of);
    }

    /** A provider acting as the integration account. */
    public GitProvider asIntegrationAccount(IntegrationInfo integration) {
        Integration stored = integrations.findByIdAndTenantId(integration.id(), integration.tenantId())
                .orElseThrow(() -> ApiException.notFound("Integration"));
        Credential credential = sealer.open(stored.sealedCredential(), stored.sealContext(CREDENTIAL_FIELD));
        return with(integration, credential);
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
}
