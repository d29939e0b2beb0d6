package com.gitbridge.connect;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.gitbridge.jira.JiraProjects;
import com.gitbridge.jira.JiraUnavailableException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@link JiraProjects} over {@code GET /rest/api/3/project/search} (every page), as the app. Kept for a few minutes
 * per site: indexing asks for every repository it indexes, and new projects are rare.
 */
@Component
class ConnectJiraProjects implements JiraProjects {

    private static final int PAGE = 100;

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final LoadingCache<String, Set<String>> keysBySite =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build(this::fetch);

    ConnectJiraProjects(JiraRestTemplates jiraRest, AtlassianHostRepository hosts) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
    }

    @Override
    public Set<String> keys(String tenantId) {
        return keysBySite.get(tenantId);
    }

    private Set<String> fetch(String tenantId) {
        AtlassianHost host = hosts.findById(tenantId).orElseThrow(() -> new IllegalStateException("Unknown tenant " + tenantId));
        Set<String> keys = new HashSet<>();
        int startAt = 0;
        while (true) {
            URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl()).path("/rest/api/3/project/search")
                    .queryParam("startAt", startAt).queryParam("maxResults", PAGE).build().toUri();
            JsonNode page;
            try {
                page = jiraRest.forSite(host).getForObject(uri, JsonNode.class);
            } catch (RestClientException e) {
                throw new JiraUnavailableException("Jira did not list its projects", e);
            }
            if (page == null) {
                break;
            }
            JsonNode values = page.path("values");
            values.forEach(project -> keys.add(project.path("key").asText()));
            startAt += values.size();
            if (values.isEmpty() || page.path("isLast").asBoolean(true)) {
                break;
            }
        }
        keys.remove("");
        return Set.copyOf(keys);
    }
}
