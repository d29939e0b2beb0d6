package com.gitbridge.issue;

import java.util.List;
import java.util.concurrent.Callable;

import com.gitbridge.credential.CredentialKind;
import com.gitbridge.indexing.IssueDevelopment;
import com.gitbridge.issue.IssueActions.BranchRequest;
import com.gitbridge.issue.IssueActions.PullRequestRequest;
import com.gitbridge.jira.JiraUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/issues/{issueKey}/…}: for users who may see the issue and view development tools on it. Bodies and
 * parameters are validated against their constraints before anything else, as their JSON is parsed before anything
 * else (400 {@code VALIDATION}, see {@code api.ApiProblems}). What asks a git host runs on the host-call threads
 * ({@code api.HostCallThreads}), not on Tomcat's.
 */
@RestController
@RequestMapping("/api/issues/{issueKey}")
class IssueActionsController {

    private static final String CHOOSE_AN_INTEGRATION = "Choose an integration";

    private final IssueActions actions;

    IssueActionsController(IssueActions actions) {
        this.actions = actions;
    }

    record RepositoryJson(String id, String name, String defaultBranch, String webUrl) {
    }

    record BranchJson(String name, String webUrl) {
    }

    record RepositoryBranchesJson(String defaultBranch, List<BranchJson> branches) {
    }

    record CreatedBranchJson(String name, String url, String repository, CredentialKind createdWith, String createdBy) {
    }

    record CreatedPullRequestJson(String id, String url, String title, CredentialKind createdWith, String createdBy) {
    }

    @GetMapping("/development")
    IssueDevelopment development(JiraUser user, @PathVariable String issueKey) {
        return actions.development(user, issueKey);
    }

    @GetMapping("/suggestions")
    IssueActions.Suggestions suggestions(JiraUser user, @PathVariable String issueKey) {
        return actions.suggestions(user, issueKey);
    }

    /** The integrations the panel's forms offer for this issue. */
    @GetMapping("/integrations")
    List<IssueActions.IssueIntegration> integrations(JiraUser user, @PathVariable String issueKey) {
        return actions.integrations(user, issueKey);
    }

    @GetMapping("/repositories")
    Callable<List<RepositoryJson>> repositories(JiraUser user, @PathVariable String issueKey,
                                                @RequestParam @NotBlank(message = CHOOSE_AN_INTEGRATION) String integrationId,
                                                @RequestParam(required = false) String query) {
        return () -> actions.repositories(user, issueKey, integrationId, query).stream()
                .map(r -> new RepositoryJson(r.id(), r.name(), r.defaultBranch(), r.webUrl())).toList();
    }

    @GetMapping("/repository-branches")
    Callable<RepositoryBranchesJson> repositoryBranches(JiraUser user, @PathVariable String issueKey,
                                                        @RequestParam @NotBlank(message = CHOOSE_AN_INTEGRATION) String integrationId,
                                                        @RequestParam @RepositoryId String repository) {
        return () -> {
            var branches = actions.branches(user, issueKey, integrationId, repository);
            return new RepositoryBranchesJson(branches.defaultBranch(),
                    branches.branches().stream().map(b -> new BranchJson(b.name(), b.webUrl())).toList());
        };
    }

    @PostMapping("/branches")
    @ResponseStatus(HttpStatus.CREATED)
    Callable<CreatedBranchJson> createBranch(JiraUser user, @PathVariable String issueKey,
                                             @Valid @RequestBody BranchRequest request) {
        return () -> {
            var created = actions.createBranch(user, issueKey, request);
            return new CreatedBranchJson(created.result().name(), created.result().webUrl(), request.repository(),
                    created.createdWith(), created.createdBy());
        };
    }

    @PostMapping("/pull-requests")
    @ResponseStatus(HttpStatus.CREATED)
    Callable<CreatedPullRequestJson> createPullRequest(JiraUser user, @PathVariable String issueKey,
                                                       @Valid @RequestBody PullRequestRequest request) {
        return () -> {
            var created = actions.createPullRequest(user, issueKey, request);
            return new CreatedPullRequestJson(created.result().id(), created.result().webUrl(),
                    created.result().title(), created.createdWith(), created.createdBy());
        };
    }
}
