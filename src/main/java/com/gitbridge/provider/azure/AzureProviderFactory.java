package com.gitbridge.provider.azure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OriginRefusedException;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitHttp;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.GitProviderFactory;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.GuardedDns;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;

/**
 * Azure DevOps, Visual Studio Team Services and Team Foundation Server 2017+, over their REST API with a personal
 * access token.
 */
@Component
public class AzureProviderFactory implements GitProviderFactory {

    private static final Set<ProviderType> TYPES = Set.copyOf(EnumSet.of(ProviderType.AZURE_DEVOPS, ProviderType.VSTS,
            ProviderType.TFS));
    private static final String DEV_AZURE = "dev.azure.com";
    private static final String VISUAL_STUDIO = ".visualstudio.com";
    /** Git over HTTPS ignores the user name of a PAT; it must merely not be empty. */
    private static final String GIT_USER = "pat";

    /** Per host: the host-call threads (64 by default) and the indexing jobs' threads together stay below it. */
    private static final int CONNECTIONS_PER_HOST = 100;

    private final CloseableHttpClient http;
    private final RestClient baseClient;
    private final GitHttp git;
    private final ListingLimits limits;

    public AzureProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses) {
        this(timeouts, addresses, ListingLimits.DEFAULTS);
    }

    @Autowired
    public AzureProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses, ListingLimits limits) {
        this.limits = limits;
        Timeout connectTimeout = Timeout.ofMilliseconds(timeouts.connectTimeout().toMillis());
        // Connections only to addresses the outbound rules let through, checked as they are dialled.
        // No cookie store: a session cookie from one credential's answer must never ride on another's request.
        // No redirects: the host answers a refused token with a redirect to its sign-in page.
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(GuardedDns.forHttpClient5(addresses))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connectTimeout)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                        .setMaxConnPerRoute(CONNECTIONS_PER_HOST)
                        .setMaxConnTotal(CONNECTIONS_PER_HOST * 4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connectTimeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(timeouts.readTimeout());
        this.baseClient = RestClient.builder().requestFactory(requestFactory).build();
        this.git = new GitHttp(addresses, timeouts.connectTimeout());
    }

    @PreDestroy
    void close() {
        http.close(CloseMode.GRACEFUL);
        git.close();
    }

    @Override
    public Set<ProviderType> supportedTypes() {
        return TYPES;
    }

    @Override
    public GitProvider connect(HostEndpoint endpoint, Credential credential) {
        ProviderType type = endpoint.type();
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("Not an Azure DevOps, VSTS or TFS host: " + type);
        }
        String token = token(type, credential);
        String baseUrl = baseUrl(endpoint);
        Origin origin = Origin.required(baseUrl);
        RestClient client = baseClient.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, basic(token))
                .requestInterceptor((request, body, execution) -> {
                    if (!origin.contains(request.getURI())) {
                        throw new OriginRefusedException();
                    }
                    return execution.execute(request, body);
                })
                .build();
        return new AzureProvider(new AzureApi(client, baseUrl, type.azureApiVersion(), hostName(type)), limits);
    }

    @Override
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        String token = token(endpoint.type(), credential);
        return git.withPassword(cloneUrl, cloneOrigins(endpoint), GIT_USER, uri -> token);
    }

    /**
     * Where the host keeps its repositories: its own origin; for Azure DevOps and VSTS both forms of the
     * organisation's address, as organisations on either give clone URLs on the other.
     */
    private static List<Origin> cloneOrigins(HostEndpoint endpoint) {
        Origin own = Origin.required(baseUrl(endpoint));
        if (endpoint.type() == ProviderType.TFS) {
            return List.of(own);
        }
        String[] path = URI.create(baseUrl(endpoint)).getPath().split("/");
        if (own.host().equals(DEV_AZURE) && own.scheme().equals("https") && path.length > 1 && !path[1].isEmpty()) {
            return List.of(own, new Origin("https", path[1] + VISUAL_STUDIO, 443));
        }
        if (own.host().endsWith(VISUAL_STUDIO) && own.scheme().equals("https")) {
            return List.of(own, new Origin("https", DEV_AZURE, 443));
        }
        return List.of(own);
    }

    private static String token(ProviderType type, Credential credential) {
        if (!(credential instanceof Credential.Token token)) {
            throw new IllegalArgumentException(type.displayName() + " takes a personal access token");
        }
        return token.value();
    }

    private static String baseUrl(HostEndpoint endpoint) {
        String url = endpoint.baseUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(endpoint.type().displayName() + " needs a base URL");
        }
        url = url.strip();
        if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri = URI.create(url);
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("The base URL must be an http(s) address");
        }
        return url;
    }

    /** Azure DevOps takes a PAT as the password of HTTP Basic with an empty user name. */
    private static String basic(String pat) {
        return "Basic " + Base64.getEncoder().encodeToString((":" + pat).getBytes(StandardCharsets.UTF_8));
    }

    private static String hostName(ProviderType type) {
        return switch (type) {
            case VSTS -> "Visual Studio Team Services";
            case TFS -> "Team Foundation Server";
            default -> "Azure DevOps";
        };
    }
}
