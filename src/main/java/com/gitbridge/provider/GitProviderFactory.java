package com.gitbridge.provider;

import java.util.Set;

/**
 * Builds {@link GitProvider}s and {@link GitRemote}s for one host family. The same factory serves the integration
 * account's credential and a user's personal one: what acts is only ever the credential passed in.
 */
public interface GitProviderFactory {

    Set<ProviderType> supportedTypes();

    GitProvider connect(HostEndpoint endpoint, Credential credential);

    /**
     * How git fetches the repository at {@code cloneUrl} with {@code credential}, the way this family's hosts take
     * it over HTTPS.
     *
     * @throws IllegalArgumentException if the credential is not of the kind the host takes
     */
    GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl);
}
