package com.gitbridge.connect;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.gitbridge.jira.JiraDevelopmentInfo;
import com.gitbridge.jira.JiraUnavailableException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@link JiraDevelopmentInfo} over the site's JWT-signing client ({@link JiraRestTemplates}: a fresh token per
 * request, its {@code qsh} for that method, path and query). Jira's error answers are returned, not thrown; a call
 * that gets no answer (connection refused, timeout) throws {@link JiraUnavailableException}.
 */
@Component
class ConnectJiraDevelopmentInfo implements JiraDevelopmentInfo {

    private static final String API = "/rest/devinfo/0.10";

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;

    ConnectJiraDevelopmentInfo(JiraRestTemplates jiraRest, AtlassianHostRepository hosts) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
    }

    @Override
    public Answer push(String tenantId, String body) {
        AtlassianHost host = host(tenantId);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl()).path(API + "/bulk").build().toUri();
        return call(host, HttpMethod.POST, uri, new HttpEntity<>(body, headers));
    }

    @Override
    public Answer deleteByProperty(String tenantId, String key, String value) {
        AtlassianHost host = host(tenantId);
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl()).path(API + "/bulkByProperties")
                .queryParam(key, value).encode().build().toUri();
        return call(host, HttpMethod.DELETE, uri, HttpEntity.EMPTY);
    }

    @Override
    public Answer deleteRepository(String tenantId, String repositoryId, long updateSequenceId) {
        AtlassianHost host = host(tenantId);
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl()).path(API + "/repository/{id}")
                .queryParam("_updateSequenceId", updateSequenceId).encode().buildAndExpand(repositoryId).toUri();
        return call(host, HttpMethod.DELETE, uri, HttpEntity.EMPTY);
    }

    @Override
    public Answer deleteEntity(String tenantId, String repositoryId, String entityType, String entityId,
                               long updateSequenceId) {
        AtlassianHost host = host(tenantId);
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl()).path(API + "/repository/{id}/{type}/{entity}")
                .queryParam("_updateSequenceId", updateSequenceId).encode()
                .buildAndExpand(repositoryId, entityType, entityId).toUri();
        return call(host, HttpMethod.DELETE, uri, HttpEntity.EMPTY);
    }

    private Answer call(AtlassianHost host, HttpMethod method, URI uri, HttpEntity<?> request) {
        try {
            ResponseEntity<String> response = jiraRest.forSite(host).exchange(uri, method, request, String.class);
            return new Answer(response.getStatusCode().value(), headers(response.getHeaders()),
                    response.getBody() == null ? "" : response.getBody());
        } catch (RestClientResponseException answered) {
            return new Answer(answered.getStatusCode().value(), headers(answered.getResponseHeaders()),
                    answered.getResponseBodyAsString());
        } catch (RestClientException e) {
            throw new JiraUnavailableException("Jira did not answer the development information call", e);
        }
    }

    private static Map<String, String> headers(HttpHeaders headers) {
        Map<String, String> first = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (!values.isEmpty()) {
                    first.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
        }
        return first;
    }

    private AtlassianHost host(String tenantId) {
        return hosts.findById(tenantId).orElseThrow(() -> new IllegalStateException("Unknown tenant " + tenantId));
    }
}
