package com.gitbridge.connect;

import static org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
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
 * <p>
 * A user who opens one issue of a board or a search result opens others next. So when a user's answer for an issue
 * is missing, Jira is asked in the same call about up to {@value #ISSUES_PER_CHECK} issues of the site that anyone
 * asked about lately and that this user has no answer for; each answer is Jira's own for that user and issue, kept
 * the same minute. A background renewal likewise takes along the user's other answers about those issues that are due.
 */
@Component
class ConnectJiraPermissions implements JiraPermissions {

    private static final Logger log = LoggerFactory.getLogger(ConnectJiraPermissions.class);
    private static final String CHECK_PATH = "/rest/api/3/permissions/check";

    static final Duration LIFETIME = Duration.ofSeconds(60);
    static final Duration REFRESH_AGE = Duration.ofSeconds(45);

    /** The most issues one permission check asks about. */
    static final int ISSUES_PER_CHECK = 100;
    /** How many of a site's latest asks are remembered for the checks of other users. */
    static final int RECENT_ISSUES_PER_SITE = 1000;
    /** How many of them one check looks at, for answers the user lacks: the cost of a miss stays small. */
    static final int CANDIDATES_PER_CHECK = 4 * ISSUES_PER_CHECK;

    /** What a user needs on an issue to see its development data and act on it. */
    static final List<String> DEVELOPMENT_TOOLS = List.of("BROWSE_PROJECTS", "VIEW_DEV_TOOLS");

    /** @param issueId {@code null} for the question whether the user administers the site */
    private record Question(String tenantId, String accountId, String issueId) {
    }

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final LoadingCache<Question, Set<String>> answers;
    private final Cache<String, RecentIssues> recentIssues;

    @Autowired
    ConnectJiraPermissions(JiraRestTemplates jiraRest, AtlassianHostRepository hosts,
                           @Qualifier(APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor refreshes) {
        this(jiraRest, hosts, refreshes, Ticker.systemTicker());
    }

    ConnectJiraPermissions(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, Executor refreshes, Ticker ticker) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.answers = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(LIFETIME)
                .refreshAfterWrite(REFRESH_AGE).executor(refreshes).ticker(ticker).build(new Loader());
        this.recentIssues = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10))
                .ticker(ticker).build();
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
        Question question = new Question(user.tenantId(), user.accountId(), issueId);
        RecentIssues recent = recentIssues.get(user.tenantId(), site -> new RecentIssues());
        recent.add(issueId);
        Set<String> granted = answers.getIfPresent(question);
        if (granted == null) {
            granted = answers.getAll(withRecentIssues(question, recent)).get(question);
        }
        if (!granted.contains("BROWSE_PROJECTS")) {
            return IssueAccess.HIDDEN;
        }
        return granted.contains("VIEW_DEV_TOOLS") ? IssueAccess.DEVELOPMENT_TOOLS : IssueAccess.VISIBLE;
    }

    /** The question, then the same user's questions about the site's latest issues that have no answer kept. */
    private List<Question> withRecentIssues(Question question, RecentIssues recent) {
        List<Question> questions = new ArrayList<>(ISSUES_PER_CHECK);
        questions.add(question);
        for (String issueId : recent.latest(CANDIDATES_PER_CHECK)) {
            if (questions.size() == ISSUES_PER_CHECK) {
                break;
            }
            Question other = new Question(question.tenantId(), question.accountId(), issueId);
            if (!issueId.equals(question.issueId()) && !answers.asMap().containsKey(other)) {
                questions.add(other);
            }
        }
        return questions;
    }

    /**
     * The same user's answers about the site's latest issues that are due for renewal too, with the question first:
     * renewed in one call, their own reads find them fresh and ask nothing.
     */
    private List<Question> dueAlong(Question question) {
        List<Question> questions = new ArrayList<>();
        questions.add(question);
        RecentIssues recent = recentIssues.getIfPresent(question.tenantId());
        var ages = answers.policy().expireAfterWrite().orElseThrow();
        for (String issueId : recent == null ? List.<String>of() : recent.latest(CANDIDATES_PER_CHECK)) {
            if (questions.size() == ISSUES_PER_CHECK) {
                break;
            }
            Question other = new Question(question.tenantId(), question.accountId(), issueId);
            if (!issueId.equals(question.issueId())
                    && ages.ageOf(other).map(age -> age.compareTo(REFRESH_AGE) >= 0).orElse(false)) {
                questions.add(other);
            }
        }
        return questions;
    }

    /** A user's issue questions in one call; refreshes take the user's other due answers along. */
    private final class Loader implements CacheLoader<Question, Set<String>> {

        @Override
        public Set<String> reload(Question question, Set<String> old) {
            if (question.issueId() == null) {
                return askAdministrator(question);
            }
            Map<Question, Set<String>> renewed = askDevelopmentTools(dueAlong(question));
            // Runs on the refresh executor, outside the cache's own locks, so other entries may be replaced.
            renewed.forEach((other, granted) -> {
                if (!other.equals(question)) {
                    answers.put(other, granted);
                }
            });
            return renewed.get(question);
        }

        @Override
        public Set<String> load(Question question) {
            return question.issueId() == null ? askAdministrator(question)
                    : askDevelopmentTools(List.of(question)).get(question);
        }

        @Override
        public Map<Question, Set<String>> loadAll(Set<? extends Question> questions) {
            return askDevelopmentTools(List.copyOf(questions));
        }
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

    /**
     * Jira lists, per permission, the issues where it is granted: the permissions granted on an issue are those
     * listing it. The questions are one user's about issues of one site.
     */
    private Map<Question, Set<String>> askDevelopmentTools(List<Question> questions) {
        Question first = questions.get(0);
        List<Long> issueIds = questions.stream().map(question -> Long.parseLong(question.issueId())).toList();
        JsonNode answer = check(first.tenantId(), Map.of("accountId", first.accountId(), "projectPermissions",
                List.of(Map.of("permissions", DEVELOPMENT_TOOLS, "issues", issueIds))));
        Map<String, Set<String>> grantedByIssue = new HashMap<>();
        for (JsonNode permission : answer.path("projectPermissions")) {
            for (JsonNode issue : permission.path("issues")) {
                grantedByIssue.computeIfAbsent(issue.asText(), id -> new HashSet<>())
                        .add(permission.path("permission").asText());
            }
        }
        Map<Question, Set<String>> answers = new HashMap<>();
        for (Question question : questions) {
            answers.put(question, Set.copyOf(grantedByIssue.getOrDefault(question.issueId(), Set.of())));
        }
        return answers;
    }

    /** The issue ids a site was asked about last, repeats included; the oldest make room. */
    private static final class RecentIssues {

        private final String[] issueIds = new String[RECENT_ISSUES_PER_SITE];
        private int next;

        synchronized void add(String issueId) {
            issueIds[next] = issueId;
            next = (next + 1) % issueIds.length;
        }

        /** The latest first, each once, at most {@code max}. */
        synchronized Collection<String> latest(int max) {
            Set<String> latest = new LinkedHashSet<>();
            for (int i = 1; i <= issueIds.length && latest.size() < max; i++) {
                String issueId = issueIds[Math.floorMod(next - i, issueIds.length)];
                if (issueId == null) {
                    break;
                }
                latest.add(issueId);
            }
            return latest;
        }
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
