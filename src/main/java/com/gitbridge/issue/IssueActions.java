package com.gitbridge.issue;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
import com.gitbridge.indexing.IndexedDevelopment;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What a user does from an issue. Requests arrive checked against their constraints (the controller has Spring
 * validate them); every call then checks the issue exists and the user may see it and view development tools on it
 * (asked of Jira, as the app, for that issue, so that its security level counts), then lets
 * {@link CredentialResolver} pick the acting credential. Nothing reaches a host before both have passed. An issue
 * the user may not use answers exactly as one that does not exist, and so does an integration limited to other
 * projects than the issue's. A branch or pull request created is stored in the index at once, so that the issue
 * shows it.
 */
@Service
class IssueActions {

    private static final Logger log = LoggerFactory.getLogger(IssueActions.class);

    record Suggestions(String branchName, String pullRequestTitle) {
    }

    record RepositoryBranches(String defaultBranch, List<HostBranch> branches) {
    }

    record BranchRequest(@NotBlank(message = "Required") String integrationId,
                         @RepositoryId String repository,
                         @NotEmpty(message = "Choose a branch") @GitRefName String sourceBranch,
                         @NotEmpty(message = "Give the branch a name") @GitRefName String name) {
    }

    /** The title is taken without the spaces around it, and checked so. */
    @DistinctBranches
    record PullRequestRequest(@NotBlank(message = "Required") String integrationId,
                              @RepositoryId String repository,
                              @NotEmpty(message = "Choose a branch") @GitRefName String sourceBranch,
                              @NotEmpty(message = "Choose a branch") @GitRefName String targetBranch,
                              @NotNull(message = TITLE) @Size(min = 1, max = 255, message = TITLE) String title,
                              @Size(max = 20_000, message = "Use at most 20,000 characters") String description) {

        private static final String TITLE = "Give a title of at most 255 characters";

        PullRequestRequest {
            title = title == null ? null : title.strip();
        }
    }

    record Created<T>(T result, CredentialKind createdWith, String createdBy) {
    }

    record IssueIntegration(String id, String name) {
    }

    private final JiraIssues issues;
    private final JiraPermissions permissions;
    private final HostConnections connections;
    private final CredentialResolver credentials;
    private final AuditTrail audit;
    private final DevelopmentQuery development;
    private final IndexedDevelopment indexed;

    IssueActions(JiraIssues issues, JiraPermissions permissions, HostConnections connections,
                 CredentialResolver credentials, AuditTrail audit, DevelopmentQuery development,
                 IndexedDevelopment indexed) {
        this.issues = issues;
        this.permissions = permissions;
        this.connections = connections;
        this.credentials = credentials;
        this.audit = audit;
        this.development = development;
        this.indexed = indexed;
    }

    /** What indexing found for the issue. Nothing is asked of a git host: this reads the index. */
    IssueDevelopment development(JiraUser user, String issueKey) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        return development.forIssue(user.tenantId(), issue.key(), issue.projectKey());
    }

    /** The integrations the issue's forms offer: those not limited to other projects. */
    List<IssueIntegration> integrations(JiraUser user, String issueKey) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        return connections.list(user.tenantId()).stream()
                .filter(integration -> integration.servesProject(issue.projectKey()))
                .map(integration -> new IssueIntegration(integration.id(), integration.name()))
                .toList();
    }

    Suggestions suggestions(JiraUser user, String issueKey) {
        // The summary as it is now: the user may have just edited it.
        JiraIssue issue = accessibleIssue(user, issueKey, issues::findCurrent);
        return new Suggestions(BranchNames.suggest(issue.key(), issue.summary()),
                (issue.key() + " " + issue.summary()).strip());
    }

    List<HostRepository> repositories(JiraUser user, String issueKey, String integrationId, String query) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        IntegrationAccess integration = integration(user, issue, integrationId);
        return act(user, integration, provider -> provider.listRepositories(query));
    }

    RepositoryBranches branches(JiraUser user, String issueKey, String integrationId, String repository) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        IntegrationAccess integration = integration(user, issue, integrationId);
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
        JiraIssue issue = accessibleIssue(user, issueKey);
        IntegrationAccess integration = integration(user, issue, request.integrationId());
        Created<HostBranch> created = audited(user, integration, request.repository(), AuditRecord.Action.CREATE_BRANCH,
                request.name(), provider -> provider.createBranch(request.repository(), request.name(), request.sourceBranch()));
        index(request.repository(), () -> indexed.branchCreated(user.tenantId(), request.integrationId(),
                request.repository(), created.result()));
        return created;
    }

    Created<HostPullRequest> createPullRequest(JiraUser user, String issueKey, PullRequestRequest request) {
        JiraIssue issue = accessibleIssue(user, issueKey);
        IntegrationAccess integration = integration(user, issue, request.integrationId());
        String description = request.description() == null ? "" : request.description();
        PullRequestDraft draft = new PullRequestDraft(request.sourceBranch(), request.targetBranch(), request.title(), description);
        Created<HostPullRequest> created = audited(user, integration, request.repository(),
                AuditRecord.Action.CREATE_PULL_REQUEST, request.title(),
                provider -> provider.createPullRequest(request.repository(), draft));
        index(request.repository(), () -> indexed.pullRequestCreated(user.tenantId(), request.integrationId(),
                request.repository(), created.result(), description, created.createdBy()));
        return created;
    }

    /** The host has it already: if storing it fails, the repository's next index stores it, and the user still hears of success. */
    private static void index(String repository, Runnable store) {
        try {
            store.run();
        } catch (RuntimeException e) {
            log.warn("Created in {} but could not store it in the index yet; the next index does", repository, e);
        }
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
        // Jira gives the issue to the app whoever asks: nothing of it leaves before the user's check has passed. An
        // issue the user cannot see answers as one that does not exist; one they see without View Development Tools
        // is refused as such, which tells them nothing they do not know.
        JiraIssue issue = lookUp.apply(user, issueKey).orElseThrow(() -> ApiException.notFound("Issue"));
        return switch (permissions.access(user, issue.id())) {
            case HIDDEN -> throw ApiException.notFound("Issue");
            case VISIBLE -> throw ApiException.notAllowed("You need the View Development Tools permission in this project");
            case DEVELOPMENT_TOOLS -> issue;
        };
    }

    private IntegrationAccess integration(JiraUser user, JiraIssue issue, String integrationId) {
        return connections.findForAction(user.tenantId(), integrationId)
                .filter(access -> access.info().servesProject(issue.projectKey()))
                .orElseThrow(() -> ApiException.notFound("Integration"));
    }
}
