package com.gitbridge.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.gitbridge.jira.JiraIssue;
import com.gitbridge.jira.JiraIssues;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@link JiraIssues} over {@code GET /rest/api/3/issue/{key}?fields=summary,project}, JWT-signed as the app, kept for
 * a minute per site and key (the panel asks for the same issue with every call it makes), and asked again in the
 * background after 45 seconds while in use.
 */
@Component
class ConnectJiraIssues implements JiraIssues {

    private static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final Duration REFRESH_AGE = Duration.ofSeconds(45);

    private record Question(String tenantId, String issueKey) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final ExpiringCache<Question, Optional<JiraIssue>> issues;

    ConnectJiraIssues(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, java.time.Clock clock,
                      JiraAnswerRefresher refresher) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.issues = new ExpiringCache<>(LIFETIME, REFRESH_AGE, 50_000, clock, refresher.executor());
    }

    @Override
    public Optional<JiraIssue> find(JiraUser user, String issueKey) {
        return issues.get(new Question(user.tenantId(), issueKey), question -> fetch(user, issueKey));
    }

    private Optional<JiraIssue> fetch(JiraUser user, String issueKey) {
        AtlassianHost host = hosts.findById(user.tenantId())
                .orElseThrow(() -> new IllegalStateException("Unknown tenant " + user.tenantId()));
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl())
                .path("/rest/api/3/issue/{key}").queryParam("fields", "summary,project")
                .buildAndExpand(issueKey).encode().toUri();
        try {
            JsonNode issue = jiraRest.forSite(host).getForObject(uri, JsonNode.class);
            if (issue == null) {
                return Optional.empty();
            }
            JsonNode fields = issue.path("fields");
            return Optional.of(new JiraIssue(issue.path("key").asText(issueKey), fields.path("summary").asText(""),
                    fields.path("project").path("id").asText(null), fields.path("project").path("key").asText(null)));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        } catch (RestClientException e) {
            throw new JiraUnavailableException("Jira did not answer the issue lookup", e);
        }
    }
}
