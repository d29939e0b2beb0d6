package com.gitbridge.provider.gitlab;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;

import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.gitlab4j.api.GitLabApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

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

/**
 * GitLab.com and GitLab self-managed (also under a sub-path such as {@code https://host/gitlab}), through gitlab4j.
 * Each provider gets its own client holding only its own personal access token, sent as {@code PRIVATE-TOKEN}.
 */
@Component
public class GitLabProviderFactory implements GitProviderFactory {

    private static final Set<ProviderType> TYPES = EnumSet.of(ProviderType.GITLAB, ProviderType.GITLAB_SELF_MANAGED);
    /** The user name GitLab's git over HTTPS takes a personal access token under. */
    private static final String GIT_USER = "oauth2";

    private final ProviderTimeouts timeouts;
    private final PoolingHttpClientConnectionManager connections;
    private final GitHttp git;
    private final ListingLimits limits;

    public GitLabProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses) {
        this(timeouts, addresses, ListingLimits.DEFAULTS);
    }

    @Autowired
    public GitLabProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses, ListingLimits limits) {
        this.timeouts = timeouts;
        this.connections = GuardedConnectorProvider.connectionPool(addresses);
        this.git = new GitHttp(addresses, timeouts.connectTimeout());
        this.limits = limits;
    }

    @PreDestroy
    void close() {
        connections.shutdown();
        git.close();
    }

    @Override
    public Set<ProviderType> supportedTypes() {
        return TYPES;
    }

    @Override
    public GitProvider connect(HostEndpoint endpoint, Credential credential) {
        if (!TYPES.contains(endpoint.type())) {
            throw new IllegalArgumentException("Not a GitLab host type: " + endpoint.type());
        }
        String token = token(credential);
        String baseUrl = baseUrl(endpoint);
        // gitlab4j appends /api/v4 to the URL it is given, and it logs nothing about requests unless request/response
        // logging is switched on (it is not).
        GitLabApi api = new GitLabApi(baseUrl, token,
                GuardedConnectorProvider.clientProperties(Origin.required(baseUrl), connections));
        api.setRequestTimeout(millis(timeouts.connectTimeout()), millis(timeouts.readTimeout()));
        return new GitLabProvider(api, new GitLabFailures(token), limits);
    }

    @Override
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        String token = token(credential);
        return git.withPassword(cloneUrl, List.of(Origin.required(baseUrl(endpoint))), GIT_USER, uri -> token);
    }

    private static String baseUrl(HostEndpoint endpoint) {
        String baseUrl = endpoint.baseUrl() == null ? endpoint.type().defaultBaseUrl() : endpoint.baseUrl();
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException(endpoint.type().displayName() + " needs a base URL");
        }
        return baseUrl;
    }

    private static String token(Credential credential) {
        if (!(credential instanceof Credential.Token token)) {
            throw new IllegalArgumentException("GitLab needs a personal access token, not " + credential);
        }
        return token.value();
    }

    private static Integer millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
