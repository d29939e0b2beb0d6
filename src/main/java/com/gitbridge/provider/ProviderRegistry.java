package com.gitbridge.provider;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Maps every {@link ProviderType} to the factory of its host family. Built at start-up and checked then: a type
 * without an adapter, or with two, stops the application.
 */
@Component
public class ProviderRegistry {

    private final Map<ProviderType, GitProviderFactory> factories;

    public ProviderRegistry(List<GitProviderFactory> factories) {
        Map<ProviderType, GitProviderFactory> byType = new EnumMap<>(ProviderType.class);
        for (GitProviderFactory factory : factories) {
            for (ProviderType type : factory.supportedTypes()) {
                GitProviderFactory previous = byType.put(type, factory);
                if (previous != null) {
                    throw new IllegalStateException("Two adapters for " + type + ": "
                            + previous.getClass().getSimpleName() + " and " + factory.getClass().getSimpleName());
                }
            }
        }
        Set<ProviderType> missing = EnumSet.allOf(ProviderType.class);
        missing.removeAll(byType.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No adapter for host types " + missing);
        }
        this.factories = byType;
    }

    /** A provider for {@code endpoint} that acts with {@code credential}, and only with it. */
    public GitProvider connect(HostEndpoint endpoint, Credential credential) {
        return factories.get(endpoint.type()).connect(endpoint, credential);
    }

    /** How git fetches the repository at {@code cloneUrl} of {@code endpoint}'s host, with {@code credential}. */
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        return factories.get(endpoint.type()).gitRemote(endpoint, credential, cloneUrl);
    }
}
