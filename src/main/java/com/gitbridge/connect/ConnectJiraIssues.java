package com.gitbridge.connect;

import static org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.gitbridge.jira.JiraIssue;
import com.gitbridge.jira.JiraIssues;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@link JiraIssues} over {@code GET /rest/api/3/issue/{key}?fields=summary,project}, JWT-signed as the app. The panel
 * asks for the same issue with every call it makes, and what it needs of the answer, the issue's project, changes only
 * when the issue moves to another project, which gives it a new key: issues found are kept for ten minutes per site
 * and key, and asked again in the background after nine minutes while in use. A key Jira does not know is not kept:
 * the next request asks again.
 */
@Component
class ConnectJiraIssues implements JiraIssues {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final Duration REFRESH_AGE = Duration.ofMinutes(9);

    private record Question(String tenantId, String issueKey) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    /** A load that finds no issue answers {@code null}, which Caffeine does not keep (and a refresh removes). */
    private final LoadingCache<Question, JiraIssue> issues;

    @Autowired
    ConnectJiraIssues(JiraRestTemplates jiraRest, AtlassianHostRepository hosts,
                      @Qualifier(APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor refreshes) {
        this(jiraRest, hosts, refreshes, Ticker.systemTicker());
    }

    ConnectJiraIssues(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, Executor refreshes, Ticker ticker) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.issues = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(LIFETIME)
                .refreshAfterWrite(REFRESH_AGE).executor(refreshes).ticker(ticker).build(this::fetch);
    }

    @Override
    public Optional<JiraIssue> find(JiraUser user, String issueKey) {
        return Optional.ofNullable(issues.get(new Question(user.tenantId(), issueKey)));
    }

    /** Asks Jira now and keeps the answer; an issue gone is forgotten, so the panel's calls do not find it either. */
    @Override
    public Optional<JiraIssue> findCurrent(JiraUser user, String issueKey) {
        return Optional.ofNullable(issues.asMap().compute(new Question(user.tenantId(), issueKey),
                (question, kept) -> fetch(question)));
    }

    /** @return {@code null} when Jira has no such issue */
    private JiraIssue fetch(Question question) {
        AtlassianHost host = hosts.findById(question.tenantId())
                .orElseThrow(() -> new IllegalStateException("Unknown tenant " + question.tenantId()));
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl())
                .path("/rest/api/3/issue/{key}").queryParam("fields", "summary,project")
                .buildAndExpand(question.issueKey()).encode().toUri();
        try {
            JsonNode issue = jiraRest.forSite(host).getForObject(uri, JsonNode.class);
            if (issue == null) {
                return null;
            }
            JsonNode fields = issue.path("fields");
            return new JiraIssue(issue.path("id").asText(null), issue.path("key").asText(question.issueKey()),
                    fields.path("summary").asText(""),
                    fields.path("project").path("id").asText(null), fields.path("project").path("key").asText(null));
        } catch (HttpClientErrorException.NotFound e) {
            return null;
        } catch (RestClientException e) {
            throw new JiraUnavailableException("Jira did not answer the issue lookup", e);
        }
    }
}
