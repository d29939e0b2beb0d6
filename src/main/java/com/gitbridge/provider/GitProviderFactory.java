package com.gitbridge.provider;

import java.util.Set;

/**
 * Builds {@link GitProvider}s for one host family. The same factory serves the integration account's credential
 * and a user's personal one: what acts is only ever the credential passed in.
 */
public interface GitProviderFactory {

    Set<ProviderType> supportedTypes();

    GitProvider connect(HostEndpoint endpoint, Credential credential);
}
