package com.gitbridge.integration;

import java.util.List;

import com.gitbridge.crypto.SealedColumn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The integration's sealed columns, for re-sealing in the current format and key. */
@Configuration
class SealedIntegrationColumns {

    @Bean
    SealedColumn sealedIntegrationCredentials() {
        return column("sealed_credential", HostConnections.CREDENTIAL_FIELD);
    }

    @Bean
    SealedColumn sealedIntegrationWebhookSecrets() {
        return column("sealed_webhook_secret", IntegrationAdministration.WEBHOOK_SECRET_FIELD);
    }

    private static SealedColumn column(String column, String field) {
        return new SealedColumn("integration", "id", column, List.of("tenant_id"),
                row -> Integration.sealContext(row.get("tenant_id"), row.get("id"), field));
    }
}
