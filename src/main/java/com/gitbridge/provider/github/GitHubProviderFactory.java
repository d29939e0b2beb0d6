package com.gitbridge.provider.github;

import java.util.Set;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.GitProviderFactory;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Providers for GitHub.com and GitHub Enterprise Server, acting with a personal access token. */
@Component
public class GitHubProviderFactory implements GitProviderFactory {

    private static final Set<ProviderType> TYPES = Set.of(ProviderType.GITHUB, ProviderType.GITHUB_ENTERPRISE);
    private static final String GITHUB_COM = "https://github.com";
    /** Git over HTTPS takes the token as the password of any user; GitHub's own tools name it so. */
    private static final String GIT_USER = "x-access-token";
    /** Per host: the host-call threads (64 by default) and the indexing jobs' threads together stay below it. */
    private static final int CONNECTIONS_PER_HOST = 100;

    private final DeadlineConnector connector;
    private final ListingLimits limits;

    public GitHubProviderFactory(ProviderTimeouts timeouts) {
        this(timeouts, ListingLimits.DEFAULTS);
    }

    @Autowired
    public GitHubProviderFactory(ProviderTimeouts timeouts, ListingLimits limits) {
        // One HTTP client for all providers is safe: the credential travels per request, never per connection.
        this.connector = new DeadlineConnector(timeouts.connectTimeout(), timeouts.readTimeout(), CONNECTIONS_PER_HOST);
        this.limits = limits;
    }

    @PreDestroy
    void close() {
        connector.close();
    }

    @Override
    public Set<ProviderType> supportedTypes() {
        return TYPES;
    }

    @Override
    public GitProvider connect(HostEndpoint endpoint, Credential credential) {
        return new GitHubProvider(endpoint.type().displayName(), apiUrl(endpoint), token(credential), connector,
                limits);
    }

    @Override
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        String token = token(credential);
        return GitRemote.withPassword(cloneUrl, GIT_USER, uri -> token);
    }

    private static String token(Credential credential) {
        if (!(credential instanceof Credential.Token token)) {
            throw new IllegalArgumentException("GitHub needs a personal access token, not "
                    + (credential == null ? "nothing" : credential.getClass().getSimpleName()));
        }
        return token.value();
    }

    /** github.com answers its API on api.github.com; GitHub Enterprise Server under /api/v3 of its own host. */
    static String apiUrl(HostEndpoint endpoint) {
        if (!TYPES.contains(endpoint.type())) {
            throw new IllegalArgumentException("Not a GitHub host type: " + endpoint.type());
        }
        String baseUrl = endpoint.baseUrl() == null ? endpoint.type().defaultBaseUrl() : endpoint.baseUrl();
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException(endpoint.type().displayName() + " needs a base URL");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (endpoint.type() == ProviderType.GITHUB_ENTERPRISE) {
            return baseUrl + "/api/v3";
        }
        return baseUrl.equalsIgnoreCase(GITHUB_COM) ? "https://api.github.com" : baseUrl;
    }
}
