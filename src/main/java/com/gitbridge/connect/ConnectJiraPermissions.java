package com.gitbridge.connect;

import static org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.gitbridge.jira.IssueAccess;
import com.gitbridge.jira.JiraPermissions;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * {@link JiraPermissions} over Jira's {@code POST /rest/api/3/permissions/check}, JWT-signed as the app. Development
 * tools are asked of the issue, not its project, so that Jira answers with the issue's security level applied.
 * Answers are kept for a minute per site, user and issue, so a revoked permission takes effect within that; one in
 * use is asked again in the background after 45 s, so that requests rarely wait for Jira.
 */
@Component
class ConnectJiraPermissions implements JiraPermissions {

    private static final Logger log = LoggerFactory.getLogger(ConnectJiraPermissions.class);
    private static final String CHECK_PATH = "/rest/api/3/permissions/check";

    static final Duration LIFETIME = Duration.ofSeconds(60);
    static final Duration REFRESH_AGE = Duration.ofSeconds(45);

    /** What a user needs on an issue to see its development data and act on it. */
    static final List<String> DEVELOPMENT_TOOLS = List.of("BROWSE_PROJECTS", "VIEW_DEV_TOOLS");

    /** @param issueId {@code null} for the question whether the user administers the site */
    private record Question(String tenantId, String accountId, String issueId) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final LoadingCache<Question, Set<String>> answers;

    @Autowired
    ConnectJiraPermissions(JiraRestTemplates jiraRest, AtlassianHostRepository hosts,
                           @Qualifier(APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor refreshes) {
        this(jiraRest, hosts, refreshes, Ticker.systemTicker());
    }

    ConnectJiraPermissions(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, Executor refreshes, Ticker ticker) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.answers = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(LIFETIME)
                .refreshAfterWrite(REFRESH_AGE).executor(refreshes).ticker(ticker).build(this::ask);
    }

    @Override
    public boolean isAdministrator(JiraUser user) {
        if (user.accountId() == null) {
            return false;
        }
        return answers.get(new Question(user.tenantId(), user.accountId(), null)).contains("ADMINISTER");
    }

    @Override
    public IssueAccess access(JiraUser user, String issueId) {
        if (user.accountId() == null || issueId == null || !issueId.matches("\\d{1,18}")) {
            return IssueAccess.HIDDEN;
        }
        Set<String> granted = answers.get(new Question(user.tenantId(), user.accountId(), issueId));
        if (!granted.contains("BROWSE_PROJECTS")) {
            return IssueAccess.HIDDEN;
        }
        return granted.contains("VIEW_DEV_TOOLS") ? IssueAccess.DEVELOPMENT_TOOLS : IssueAccess.VISIBLE;
    }

    private Set<String> ask(Question question) {
        return question.issueId() == null ? askAdministrator(question) : askDevelopmentTools(question);
    }

    private Set<String> askAdministrator(Question question) {
        JsonNode answer = check(question.tenantId(),
                Map.of("accountId", question.accountId(), "globalPermissions", List.of("ADMINISTER")));
        for (JsonNode granted : answer.path("globalPermissions")) {
            if ("ADMINISTER".equals(granted.asText())) {
                return Set.of("ADMINISTER");
            }
        }
        return Set.of();
    }

    /** Jira lists, per permission, the issues where it is granted: the permissions granted are those listing this one. */
    private Set<String> askDevelopmentTools(Question question) {
        String issueId = question.issueId();
        JsonNode answer = check(question.tenantId(), Map.of("accountId", question.accountId(), "projectPermissions",
                List.of(Map.of("permissions", DEVELOPMENT_TOOLS, "issues", List.of(Long.parseLong(issueId))))));
        Set<String> granted = new HashSet<>();
        for (JsonNode permission : answer.path("projectPermissions")) {
            for (JsonNode issue : permission.path("issues")) {
                if (issue.asText().equals(issueId)) {
                    granted.add(permission.path("permission").asText());
                }
            }
        }
        return Set.copyOf(granted);
    }

    private JsonNode check(String tenantId, Map<String, Object> body) {
        AtlassianHost host = hosts.findById(tenantId)
                .orElseThrow(() -> new IllegalStateException("Unknown tenant " + tenantId));
        try {
            JsonNode answer = jiraRest.forSite(host)
                    .postForObject(host.getBaseUrl() + CHECK_PATH, body, JsonNode.class);
            return answer == null ? MissingNode.getInstance() : answer;
        } catch (RestClientException e) {
            log.warn("Jira permission check failed for site {}: {}", host.getBaseUrl(), e.getClass().getSimpleName());
            throw new JiraUnavailableException("Jira did not answer the permission check", e);
        }
    }
}
