package com.gitbridge.connect;

import java.util.List;
import java.util.Map;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.gitbridge.jira.JiraPermissions;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * {@link JiraPermissions} over Jira's {@code POST /rest/api/3/permissions/check}, JWT-signed as the app. Answers are
 * kept for {@value #CACHE_SECONDS} seconds per site, user and project: a revoked permission takes effect within that.
 */
@Component
class ConnectJiraPermissions implements JiraPermissions {

    private static final Logger log = LoggerFactory.getLogger(ConnectJiraPermissions.class);
    private static final String CHECK_PATH = "/rest/api/3/permissions/check";

    static final int CACHE_SECONDS = 60;
    /** Answers in use are asked again in the background after this, so that requests rarely wait for Jira. */
    static final int REFRESH_SECONDS = 45;
    /** Answers asked for together come due over this many seconds before the refresh age, not all at once. */
    static final int REFRESH_SPREAD_SECONDS = 10;

    private record Question(String tenantId, String accountId, String projectId) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final ExpiringCache<Question, Boolean> answers;

    ConnectJiraPermissions(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, java.time.Clock clock,
                           JiraAnswerRefresher refresher) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.answers = new ExpiringCache<>(java.time.Duration.ofSeconds(CACHE_SECONDS),
                java.time.Duration.ofSeconds(REFRESH_SECONDS), java.time.Duration.ofSeconds(REFRESH_SPREAD_SECONDS),
                50_000, clock, refresher.executor());
    }

    @Override
    public boolean isAdministrator(JiraUser user) {
        if (user.accountId() == null) {
            return false;
        }
        return answers.get(new Question(user.tenantId(), user.accountId(), null), question -> askAdministrator(user));
    }

    @Override
    public boolean canViewDevTools(JiraUser user, String projectId) {
        if (user.accountId() == null || projectId == null || !projectId.matches("\\d{1,18}")) {
            return false;
        }
        return answers.get(new Question(user.tenantId(), user.accountId(), projectId), question -> askDevTools(user, projectId));
    }

    private boolean askAdministrator(JiraUser user) {
        JsonNode answer = check(user, Map.of("accountId", user.accountId(), "globalPermissions", List.of("ADMINISTER")));
        for (JsonNode granted : answer.path("globalPermissions")) {
            if ("ADMINISTER".equals(granted.asText())) {
                return true;
            }
        }
        return false;
    }

    private boolean askDevTools(JiraUser user, String projectId) {
        JsonNode answer = check(user, Map.of("accountId", user.accountId(), "projectPermissions",
                List.of(Map.of("permissions", List.of("VIEW_DEV_TOOLS"), "projects", List.of(Long.parseLong(projectId))))));
        for (JsonNode granted : answer.path("projectPermissions")) {
            if ("VIEW_DEV_TOOLS".equals(granted.path("permission").asText())) {
                for (JsonNode project : granted.path("projects")) {
                    if (project.asText().equals(projectId)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private JsonNode check(JiraUser user, Map<String, Object> body) {
        AtlassianHost host = hosts.findById(user.tenantId())
                .orElseThrow(() -> new IllegalStateException("Unknown tenant " + user.tenantId()));
        try {
            JsonNode answer = jiraRest.forSite(host)
                    .postForObject(host.getBaseUrl() + CHECK_PATH, body, JsonNode.class);
            return answer == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : answer;
        } catch (RestClientException e) {
            log.warn("Jira permission check failed for site {}: {}", host.getBaseUrl(), e.getClass().getSimpleName());
            throw new JiraUnavailableException("Jira did not answer the permission check", e);
        }
    }
}
