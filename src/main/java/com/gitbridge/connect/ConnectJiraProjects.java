package com.gitbridge.connect;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
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

    private static final Duration FRESH_FOR = Duration.ofMinutes(5);
    private static final int PAGE = 100;

    private record Known(Set<String> keys, Instant fetchedAt) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final Clock clock;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();

    ConnectJiraProjects(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, Clock clock) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.clock = clock;
    }

    @Override
    public Set<String> keys(String tenantId) {
        Known known = cache.get(tenantId);
        if (known != null && known.fetchedAt().plus(FRESH_FOR).isAfter(clock.instant())) {
            return known.keys();
        }
        Set<String> keys = fetch(tenantId);
        cache.put(tenantId, new Known(keys, clock.instant()));
        return keys;
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
