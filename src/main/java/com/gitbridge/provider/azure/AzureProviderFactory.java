package com.gitbridge.provider.azure;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.GitProviderFactory;
import com.gitbridge.provider.GitRemote;
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
    /** Git over HTTPS ignores the user name of a PAT; it must merely not be empty. */
    private static final String GIT_USER = "pat";

    private final RestClient baseClient;
    private final ListingLimits limits;

    public AzureProviderFactory(ProviderTimeouts timeouts) {
        this(timeouts, ListingLimits.DEFAULTS);
    }

    @Autowired
    public AzureProviderFactory(ProviderTimeouts timeouts, ListingLimits limits) {
        this.limits = limits;
        // No cookie handler: a session cookie from one credential's answer must never ride on another's request.
        // No redirects: the host answers a refused token with a redirect to its sign-in page.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(timeouts.readTimeout());
        this.baseClient = RestClient.builder().requestFactory(requestFactory).build();
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
        RestClient client = baseClient.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, basic(token))
                .build();
        return new AzureProvider(new AzureApi(client, baseUrl, type.azureApiVersion(), hostName(type)), limits);
    }

    @Override
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        String token = token(endpoint.type(), credential);
        return GitRemote.withPassword(cloneUrl, GIT_USER, uri -> token);
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
