package com.gitbridge.indexing;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.ProviderType;
import org.eclipse.jgit.transport.CredentialsProvider;

// STAND-IN until the real credentials are merged.
final class GitCredentials {
    static CredentialsProvider of(ProviderType type, Credential credential) {
        return null;
    }
}
