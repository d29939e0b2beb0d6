package com.gitbridge.integration;

import com.gitbridge.crypto.SealContext;

/**
 * An integration as one user action reads it, once: what it is, and the integration account's credential, still
 * sealed, for {@link HostConnections#asIntegrationAccount(IntegrationAccess)} to open only if that account acts.
 */
public final class IntegrationAccess {

    private final IntegrationInfo info;
    private final String sealedCredential;
    private final SealContext sealContext;

    IntegrationAccess(Integration integration) {
        this(IntegrationInfo.of(integration), integration.sealedCredential());
    }

    IntegrationAccess(IntegrationInfo info, String sealedCredential) {
        this.info = info;
        this.sealedCredential = sealedCredential;
        this.sealContext = Integration.sealContext(info.tenantId(), info.id(), HostConnections.CREDENTIAL_FIELD);
    }

    public IntegrationInfo info() {
        return info;
    }

    String sealedCredential() {
        return sealedCredential;
    }

    SealContext sealContext() {
        return sealContext;
    }

    @Override
    public String toString() {
        return "IntegrationAccess[" + info.id() + "]";
    }
}
