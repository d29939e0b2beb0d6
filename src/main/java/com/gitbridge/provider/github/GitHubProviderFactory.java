package com.gitbridge.provider.github;

import java.util.List;
import java.util.Set;

import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitHttp;
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
    private static final String GITHUB_COM_API = "https://api.github.com";
    /** Git over HTTPS takes the token as the password of any user; GitHub's own tools name it so. */
    private static final String GIT_USER = "x-access-token";
    /** Per host: the host-call threads (64 by default) and the indexing jobs' threads together stay below it. */
    private static final int CONNECTIONS_PER_HOST = 100;

    private final DeadlineConnector connector;
    private final GitHttp git;
    private final ListingLimits limits;

    public GitHubProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses) {
        this(timeouts, addresses, ListingLimits.DEFAULTS);
    }

    @Autowired
    public GitHubProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses, ListingLimits limits) {
        // One HTTP client for all providers is safe: the credential travels per request, never per connection.
        this.connector = new DeadlineConnector(timeouts.connectTimeout(), timeouts.readTimeout(), CONNECTIONS_PER_HOST,
                addresses);
        this.git = new GitHttp(addresses, timeouts.connectTimeout());
        this.limits = limits;
    }

    @PreDestroy
    void close() {
        connector.close();
        git.close();
    }

    @Override
    public Set<ProviderType> supportedTypes() {
        return TYPES;
    }

    @Override
    public GitProvider connect(HostEndpoint endpoint, Credential credential) {
        String apiUrl = apiUrl(endpoint);
        return new GitHubProvider(endpoint.type().displayName(), apiUrl, token(credential),
                connector.boundTo(Origin.required(apiUrl)), limits);
    }

    @Override
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        String token = token(credential);
        return git.withPassword(cloneUrl, List.of(cloneOrigin(endpoint)), GIT_USER, uri -> token);
    }

    /** github.com keeps its repositories on github.com, not on its API's host; GitHub Enterprise on its own host. */
    private static Origin cloneOrigin(HostEndpoint endpoint) {
        String apiUrl = apiUrl(endpoint);
        return Origin.required(apiUrl.equals(GITHUB_COM_API) ? GITHUB_COM : baseUrl(endpoint));
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
        String baseUrl = baseUrl(endpoint);
        if (endpoint.type() == ProviderType.GITHUB_ENTERPRISE) {
            return baseUrl + "/api/v3";
        }
        return baseUrl.equalsIgnoreCase(GITHUB_COM) ? GITHUB_COM_API : baseUrl;
    }

    private static String baseUrl(HostEndpoint endpoint) {
        String baseUrl = endpoint.baseUrl() == null ? endpoint.type().defaultBaseUrl() : endpoint.baseUrl();
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException(endpoint.type().displayName() + " needs a base URL");
        }
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
