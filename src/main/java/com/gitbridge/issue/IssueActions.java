package com.gitbridge.issue;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.gitbridge.api.ApiException;
import com.gitbridge.audit.AuditRecord;
import com.gitbridge.audit.AuditTrail;
import com.gitbridge.credential.ActingCredential;
import com.gitbridge.credential.CredentialKind;
import com.gitbridge.credential.CredentialResolver;
import com.gitbridge.indexing.DevelopmentQuery;
import com.gitbridge.indexing.IssueDevelopment;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.integration.IntegrationAccess;
import com.gitbridge.integration.IntegrationInfo;
import com.gitbridge.jira.JiraIssue;
import com.gitbridge.jira.JiraIssues;
import com.gitbridge.jira.JiraPermissions;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.PullRequestDraft;
import org.springframework.stereotype.Service;

/**
 * What a user does from an issue: every call first checks the issue exists and the user may view development tools
 * on its project (asked of Jira, as the app), then lets {@link CredentialResolver} pick the acting credential.
 * Nothing reaches a host before both have passed.
 */
@Service
class IssueActions {

    record Suggestions(String branchName, String pullRequestTitle) {
    }

    record RepositoryBranches(String defaultBranch, List<HostBranch> branches) {
    }

    record BranchRequest(String integrationId, String repository, String sourceBranch, String name) {
    }

    record PullRequestRequest(String integrationId, String repository, String sourceBranch, String targetBranch,
                              String title, String description) {
    }

    record Created<T>(T result, CredentialKind createdWith, String createdBy) {
    }

    private final JiraIssues issues;
    private final JiraPermissions permissions;
    private final HostConnections connections;
    private final CredentialResolver credentials;
    private final AuditTrail audit;
    private final DevelopmentQuery development;

    IssueActions(JiraIssues issues, JiraPermissions permissions, HostConnections connections,
                 CredentialResolver credentials, AuditTrail audit, DevelopmentQuery development) {
        this.issues = issues;
        this.permissions = permissions;
        this.connections = connections;
        this.credentials = credentials;
        this.audit = audit;
        this.development = development;
    }

    /** What indexing found for the issue. Nothing is asked of a git host: this reads the index. */
    IssueDevelopment development(JiraUser user, String issueKey) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        return development.forIssue(user.tenantId(), issue.key());
    }

    Suggestions suggestions(JiraUser user, String issueKey) {
        // The summary as it is now: the user may have just edited it.
        JiraIssue issue = accessibleIssue(user, issueKey, issues::findCurrent);
        return new Suggestions(BranchNames.suggest(issue.key(), issue.summary()),
                (issue.key() + " " + issue.summary()).strip());
    }

    List<HostRepository> repositories(JiraUser user, String issueKey, String integrationId, String query) {
        accessibleIssue(user, issueKey);
        IntegrationAccess integration = integration(user, integrationId);
        return act(user, integration, provider -> provider.listRepositories(query));
    }

    RepositoryBranches branches(JiraUser user, String issueKey, String integrationId, String repository) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        IntegrationAccess integration = integration(user, integrationId);
        Map<String, String> errors = new LinkedHashMap<>();
        checkRepository(repository, errors);
        failOn(errors);
        return act(user, integration, provider -> {
            HostRepository found = provider.getRepository(repository);
            String key = issue.key().toLowerCase(Locale.ROOT);
            Comparator<HostBranch> keyFirst = Comparator.comparing(
                    (HostBranch branch) -> !branch.name().toLowerCase(Locale.ROOT).contains(key));
            List<HostBranch> ordered = provider.listBranches(repository).stream()
                    .sorted(keyFirst.thenComparing(HostBranch::name, String.CASE_INSENSITIVE_ORDER))
                    .toList();
            return new RepositoryBranches(found.defaultBranch(), ordered);
        });
    }

    Created<HostBranch> createBranch(JiraUser user, String issueKey, BranchRequest request) {
        accessibleIssue(user, issueKey);
        Map<String, String> errors = new LinkedHashMap<>();
        required(request.integrationId(), "integrationId", errors);
        checkRepository(request.repository(), errors);
        checkBranch(request.sourceBranch(), "sourceBranch", errors);
        String nameProblem = BranchNames.problem(request.name());
        if (nameProblem != null) {
            errors.put("name", nameProblem);
        }
        failOn(errors);
        IntegrationAccess integration = integration(user, request.integrationId());
        return audited(user, integration, request.repository(), AuditRecord.Action.CREATE_BRANCH, request.name(),
                provider -> provider.createBranch(request.repository(), request.name(), request.sourceBranch()));
    }

    Created<HostPullRequest> createPullRequest(JiraUser user, String issueKey, PullRequestRequest request) {
        accessibleIssue(user, issueKey);
        Map<String, String> errors = new LinkedHashMap<>();
        required(request.integrationId(), "integrationId", errors);
        checkRepository(request.repository(), errors);
        checkBranch(request.sourceBranch(), "sourceBranch", errors);
        checkBranch(request.targetBranch(), "targetBranch", errors);
        if (!errors.containsKey("sourceBranch") && request.sourceBranch().equals(request.targetBranch())) {
            errors.put("targetBranch", "Choose a target branch other than the source branch");
        }
        String title = request.title() == null ? "" : request.title().strip();
        if (title.isEmpty() || title.length() > 255) {
            errors.put("title", "Give a title of at most 255 characters");
        }
        String description = request.description() == null ? "" : request.description();
        if (description.length() > 20_000) {
            errors.put("description", "Use at most 20,000 characters");
        }
        failOn(errors);
        IntegrationAccess integration = integration(user, request.integrationId());
        PullRequestDraft draft = new PullRequestDraft(request.sourceBranch(), request.targetBranch(), title, description);
        return audited(user, integration, request.repository(), AuditRecord.Action.CREATE_PULL_REQUEST, title,
                provider -> provider.createPullRequest(request.repository(), draft));
    }

    private <T> Created<T> audited(JiraUser user, IntegrationAccess access, String repository,
                                   AuditRecord.Action action, String target, Function<GitProvider, T> call) {
        IntegrationInfo integration = access.info();
        ActingCredential acting;
        try {
            acting = credentials.resolve(user, access);
        } catch (CredentialResolver.Refused refused) {
            audit.record(new AuditRecord(user.tenantId(), user.accountId(), integration.id(), repository, action, target,
                    refused.credentialKind().name(), null, refused.code(), refused.getMessage()));
            throw refused;
        }
        try {
            T result = call.apply(acting.provider());
            audit.record(new AuditRecord(user.tenantId(), user.accountId(), integration.id(), repository, action, target,
                    acting.kind().name(), acting.login(), "CREATED", null));
            return new Created<>(result, acting.kind(), acting.login());
        } catch (ProviderException e) {
            audit.record(new AuditRecord(user.tenantId(), user.accountId(), integration.id(), repository, action, target,
                    acting.kind().name(), acting.login(), e.kind().name(), e.getMessage()));
            throw credentials.refusedByHost(user, integration, acting, e);
        }
    }

    private <T> T act(JiraUser user, IntegrationAccess access, Function<GitProvider, T> call) {
        ActingCredential acting = credentials.resolve(user, access);
        try {
            return call.apply(acting.provider());
        } catch (ProviderException e) {
            throw credentials.refusedByHost(user, access.info(), acting, e);
        }
    }

    private JiraIssue accessibleIssue(JiraUser user, String issueKey) {
        return accessibleIssue(user, issueKey, issues::find);
    }

    private JiraIssue accessibleIssue(JiraUser user, String issueKey,
                                      BiFunction<JiraUser, String, Optional<JiraIssue>> lookUp) {
        if (!IssueKeys.isValid(issueKey)) {
            throw ApiException.notFound("Issue");
        }
        if (user.accountId() == null) {
            throw ApiException.notAllowed("Sign in to Jira to use development tools");
        }
        JiraIssue issue = lookUp.apply(user, issueKey).orElseThrow(() -> ApiException.notFound("Issue"));
        if (!permissions.canViewDevTools(user, issue.projectId())) {
            throw ApiException.notAllowed("You need the View Development Tools permission in this project");
        }
        return issue;
    }

    private IntegrationAccess integration(JiraUser user, String integrationId) {
        if (integrationId == null || integrationId.isBlank()) {
            throw ApiException.validation(Map.of("integrationId", "Choose an integration"));
        }
        return connections.findForAction(user.tenantId(), integrationId)
                .orElseThrow(() -> ApiException.notFound("Integration"));
    }

    private static void required(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            errors.put(field, "Required");
        }
    }

    /** A host path that stays inside its host: no "..", nor "%" or a backslash that a host could decode into one. */
    private static void checkRepository(String repository, Map<String, String> errors) {
        if (repository == null || repository.isBlank()) {
            errors.put("repository", "Choose a repository");
        } else if (repository.length() > 300 || repository.startsWith("/") || repository.contains("..")
                || repository.contains("%") || repository.contains("\\")
                || repository.chars().anyMatch(Character::isISOControl)) {
            errors.put("repository", "Not a repository id");
        }
    }

    private static void checkBranch(String branch, String field, Map<String, String> errors) {
        String problem = BranchNames.problem(branch);
        if (problem != null) {
            errors.put(field, branch == null || branch.isEmpty() ? "Choose a branch" : problem);
        }
    }

    private static void failOn(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
