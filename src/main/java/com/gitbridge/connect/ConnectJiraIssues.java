package com.gitbridge.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

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
 * {@link JiraIssues} over {@code GET /rest/api/3/issue/{key}?fields=summary,project}, JWT-signed as the app. The panel
 * asks for the same issue with every call it makes, and what it needs of the answer, the issue's project, changes only
 * when the issue moves to another project, which gives it a new key: issues found are kept for ten minutes per site
 * and key, and asked again in the background after seven to nine minutes while in use. A key Jira does not know is not
 * kept: the next request asks again.
 */
@Component
class ConnectJiraIssues implements JiraIssues {

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration REFRESH_AGE = Duration.ofMinutes(9);
    private static final Duration REFRESH_SPREAD = Duration.ofMinutes(2);

    /** Jira has no such issue: thrown past the cache so that the answer is not kept. */
    private static final class NoSuchIssue extends RuntimeException {
        private NoSuchIssue() {
            super(null, null, false, false);
        }
    }

    private record Question(String tenantId, String issueKey) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final ExpiringCache<Question, JiraIssue> issues;

    ConnectJiraIssues(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, java.time.Clock clock,
                      JiraAnswerRefresher refresher) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.issues = new ExpiringCache<>(LIFETIME, REFRESH_AGE, REFRESH_SPREAD, 50_000, clock, refresher.executor());
    }

    @Override
    public Optional<JiraIssue> find(JiraUser user, String issueKey) {
        return answer(user, issueKey, issues::get);
    }

    @Override
    public Optional<JiraIssue> findCurrent(JiraUser user, String issueKey) {
        return answer(user, issueKey, issues::reload);
    }

    /** @param fromCache {@link ExpiringCache#get} or {@link ExpiringCache#reload} */
    private Optional<JiraIssue> answer(JiraUser user, String issueKey,
                                       BiFunction<Question, Function<Question, JiraIssue>, JiraIssue> fromCache) {
        Question question = new Question(user.tenantId(), issueKey);
        try {
            return Optional.of(fromCache.apply(question, asked -> fetch(user, issueKey)));
        } catch (NoSuchIssue e) {
            // Asked again while kept (the suggestions do): gone now, so the panel's calls must not find it either.
            issues.forget(question);
            return Optional.empty();
        }
    }

    private JiraIssue fetch(JiraUser user, String issueKey) {
        AtlassianHost host = hosts.findById(user.tenantId())
                .orElseThrow(() -> new IllegalStateException("Unknown tenant " + user.tenantId()));
        URI uri = UriComponentsBuilder.fromUriString(host.getBaseUrl())
                .path("/rest/api/3/issue/{key}").queryParam("fields", "summary,project")
                .buildAndExpand(issueKey).encode().toUri();
        try {
            JsonNode issue = jiraRest.forSite(host).getForObject(uri, JsonNode.class);
            if (issue == null) {
                throw new NoSuchIssue();
            }
            JsonNode fields = issue.path("fields");
            return new JiraIssue(issue.path("key").asText(issueKey), fields.path("summary").asText(""),
                    fields.path("project").path("id").asText(null), fields.path("project").path("key").asText(null));
        } catch (HttpClientErrorException.NotFound e) {
            throw new NoSuchIssue();
        } catch (RestClientException e) {
            throw new JiraUnavailableException("Jira did not answer the issue lookup", e);
        }
    }
}
