package com.gitbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Jira's REST API for one test site, answered as Jira answers from what the test declares: who administers the site,
 * who may browse and view development tools in which project, which issues exist (each with its own id) and which of
 * them an issue security level hides. {@code POST /rest/api/3/permissions/check} lists, per permission asked, the
 * issues and projects where the account holds it; {@code GET /rest/api/3/issue/{key}} gives the issue to the app
 * whoever it is for, as Jira does, or 404.
 */
public final class JiraStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JiraStub> SITES = new ConcurrentHashMap<>();
    private static final String SITE_PARAMETER = "site";

    private record Issue(long id, String key, String summary, long projectId, String projectKey) {
    }

    private final WireMockServer server = TestHosts.server();
    private final String sitePath;
    private final int delayMillis;
    private final Set<String> administrators = ConcurrentHashMap.newKeySet();
    /** permission → account → the project ids where the account holds it */
    private final Map<String, Map<String, Set<Long>>> projectGrants = new ConcurrentHashMap<>();
    /** account id prefix → the project ids where every account of that prefix is a developer */
    private final Map<String, Set<Long>> developerPrefixes = new ConcurrentHashMap<>();
    private final Map<String, Issue> issuesByKey = new ConcurrentHashMap<>();
    private final Map<Long, Issue> issuesById = new ConcurrentHashMap<>();
    /** Projects whose every issue key exists: project key → project id. */
    private final Map<String, Long> openProjects = new ConcurrentHashMap<>();
    private final Set<String> securedIssueKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextIssueId = new AtomicLong(10001);

    public JiraStub(String sitePath) {
        this(sitePath, Duration.ZERO);
    }

    /** A site that answers every call after {@code latency}, as a Jira across the internet. */
    public JiraStub(String sitePath, Duration latency) {
        this.sitePath = sitePath;
        this.delayMillis = Math.toIntExact(latency.toMillis());
        SITES.put(sitePath, this);
        server.stubFor(post(urlPathEqualTo(permissionCheckPath())).atPriority(10).willReturn(answeredByTheSite()));
        server.stubFor(get(urlPathMatching(sitePath + "/rest/api/3/issue/[^/]+")).atPriority(10)
                .willReturn(answeredByTheSite()));
    }

    public String siteUrl() {
        return TestHosts.baseUrl() + sitePath;
    }

    public String permissionCheckPath() {
        return sitePath + "/rest/api/3/permissions/check";
    }

    public JiraStub administrator(String accountId) {
        administrators.add(accountId);
        return this;
    }

    /** The account may browse the project and view development tools in it. */
    public JiraStub developer(String accountId, long projectId) {
        return grant("BROWSE_PROJECTS", accountId, projectId).grant("VIEW_DEV_TOOLS", accountId, projectId);
    }

    /** Every account whose id starts with {@code prefix} is a {@link #developer} of the project: for many users. */
    public JiraStub developers(String prefix, long projectId) {
        developerPrefixes.computeIfAbsent(prefix, p -> ConcurrentHashMap.newKeySet()).add(projectId);
        return this;
    }

    /** The account may browse the project, but not view development tools in it. */
    public JiraStub browser(String accountId, long projectId) {
        return grant("BROWSE_PROJECTS", accountId, projectId);
    }

    /** The issue as {@code GET /rest/api/3/issue/{key}?fields=summary,project} answers it. */
    public JiraStub issue(String key, String summary, long projectId, String projectKey) {
        Issue issue = new Issue(nextIssueId.getAndIncrement(), key, summary, projectId, projectKey);
        issuesByKey.put(key, issue);
        issuesById.put(issue.id(), issue);
        return this;
    }

    /** Every issue {@code projectKey-n} exists in the project, with the summary "Issue". */
    public JiraStub issuesOf(String projectKey, long projectId) {
        openProjects.put(projectKey, projectId);
        return this;
    }

    /**
     * The issue has a security level none of the site's accounts is in: whatever they may do in its project, Jira's
     * issue-level answers leave it out. The app still reads it, as Jira gives every issue to the app.
     */
    public JiraStub secured(String issueKey) {
        securedIssueKeys.add(issueKey);
        return this;
    }

    /** The issue's id, as the issue lookup gives it. */
    public String issueId(String key) {
        Issue issue = find(key);
        if (issue == null) {
            throw new IllegalArgumentException("No issue " + key + " on this site");
        }
        return String.valueOf(issue.id());
    }

    private JiraStub grant(String permission, String accountId, long projectId) {
        projectGrants.computeIfAbsent(permission, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(accountId, a -> ConcurrentHashMap.newKeySet()).add(projectId);
        return this;
    }

    private ResponseDefinitionBuilder answeredByTheSite() {
        return aResponse().withTransformers(Answers.NAME).withTransformerParameter(SITE_PARAMETER, sitePath)
                .withFixedDelay(delayMillis);
    }

    private Issue find(String key) {
        Issue issue = issuesByKey.get(key);
        if (issue != null) {
            return issue;
        }
        int dash = key.lastIndexOf('-');
        Long projectId = dash < 1 ? null : openProjects.get(key.substring(0, dash));
        if (projectId == null || !key.substring(dash + 1).matches("[1-9][0-9]{0,17}")) {
            return null;
        }
        return issuesByKey.computeIfAbsent(key, k -> {
            Issue created = new Issue(nextIssueId.getAndIncrement(), k, "Issue", projectId, k.substring(0, dash));
            issuesById.put(created.id(), created);
            return created;
        });
    }

    private boolean holdsOnProject(String accountId, String permission, long projectId) {
        if (projectGrants.getOrDefault(permission, Map.of()).getOrDefault(accountId, Set.of()).contains(projectId)) {
            return true;
        }
        boolean developerPermission = permission.equals("BROWSE_PROJECTS") || permission.equals("VIEW_DEV_TOOLS");
        return developerPermission && developerPrefixes.entrySet().stream()
                .anyMatch(prefix -> accountId.startsWith(prefix.getKey()) && prefix.getValue().contains(projectId));
    }

    private boolean holdsOnIssue(String accountId, String permission, long issueId) {
        Issue issue = issuesById.get(issueId);
        return issue != null && !securedIssueKeys.contains(issue.key())
                && holdsOnProject(accountId, permission, issue.projectId());
    }

    private String issueLookup(String path) {
        Issue issue = find(path.substring(path.lastIndexOf('/') + 1));
        if (issue == null) {
            return null;
        }
        return """
                {"id":"%d","key":"%s","fields":{"summary":%s,"project":{"id":"%d","key":"%s"}}}"""
                .formatted(issue.id(), issue.key(), quoted(issue.summary()), issue.projectId(), issue.projectKey());
    }

    private String permissionCheck(String body) throws JsonProcessingException {
        JsonNode request = JSON.readTree(body);
        String accountId = request.path("accountId").asText();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode global = answer.putArray("globalPermissions");
        for (JsonNode permission : request.path("globalPermissions")) {
            if (permission.asText().equals("ADMINISTER") && administrators.contains(accountId)) {
                global.add("ADMINISTER");
            }
        }
        ArrayNode projectPermissions = answer.putArray("projectPermissions");
        for (JsonNode asked : request.path("projectPermissions")) {
            for (JsonNode permissionNode : asked.path("permissions")) {
                String permission = permissionNode.asText();
                ObjectNode granted = projectPermissions.addObject().put("permission", permission);
                ArrayNode issues = granted.putArray("issues");
                asked.path("issues").forEach(id -> {
                    if (holdsOnIssue(accountId, permission, id.asLong())) {
                        issues.add(id.asLong());
                    }
                });
                ArrayNode projects = granted.putArray("projects");
                asked.path("projects").forEach(id -> {
                    if (holdsOnProject(accountId, permission, id.asLong())) {
                        projects.add(id.asLong());
                    }
                });
            }
        }
        return JSON.writeValueAsString(answer);
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test hosts' server's extension that has each site's stubs answered by its {@link JiraStub}. */
    public static final class Answers implements ResponseDefinitionTransformerV2 {

        static final String NAME = "jira-stub";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ResponseDefinition stubbed = event.getResponseDefinition();
            JiraStub site = SITES.get(stubbed.getTransformerParameters().getString(SITE_PARAMETER));
            String path = event.getRequest().getUrl().replaceFirst("\\?.*", "");
            String body;
            try {
                body = path.endsWith("/rest/api/3/permissions/check")
                        ? site.permissionCheck(event.getRequest().getBodyAsString())
                        : site.issueLookup(path);
            } catch (JsonProcessingException e) {
                return ResponseDefinitionBuilder.like(stubbed).but().withStatus(400).build();
            }
            if (body == null) {
                return ResponseDefinitionBuilder.like(stubbed).but().withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"]}")
                        .build();
            }
            return ResponseDefinitionBuilder.like(stubbed).but().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body).build();
        }
    }
}
