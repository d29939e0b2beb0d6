package com.gitbridge.connect;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRestClients;
import com.gitbridge.jira.SiteUninstalled;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * One JWT-signing client per site for calls to Jira as the app. The library builds a new {@link RestTemplate} for
 * each {@code authenticatedAsAddon(host)}, which costs more CPU than the call itself; this keeps it, and builds a
 * new one when the site's base URL or shared secret changed (a reinstall).
 */
@Component
class JiraRestTemplates {

    private static final class SiteClient {
        private final String baseUrl;
        private final String sharedSecret;
        private final RestTemplate restTemplate;

        private SiteClient(AtlassianHost host, RestTemplate restTemplate) {
            this.baseUrl = host.getBaseUrl();
            this.sharedSecret = host.getSharedSecret();
            this.restTemplate = restTemplate;
        }

        private boolean signsFor(AtlassianHost host) {
            return Objects.equals(baseUrl, host.getBaseUrl()) && Objects.equals(sharedSecret, host.getSharedSecret());
        }
    }

    private final AtlassianHostRestClients restClients;
    private final Map<String, SiteClient> clients = new ConcurrentHashMap<>();

    JiraRestTemplates(AtlassianHostRestClients restClients) {
        this.restClients = restClients;
    }

    RestTemplate forSite(AtlassianHost host) {
        SiteClient client = clients.get(host.getClientKey());
        if (client == null || !client.signsFor(host)) {
            client = new SiteClient(host, restClients.authenticatedAsAddon(host));
            clients.put(host.getClientKey(), client);
        }
        return client.restTemplate;
    }

    @EventListener
    void forget(SiteUninstalled uninstalled) {
        clients.remove(uninstalled.tenantId());
    }
}
