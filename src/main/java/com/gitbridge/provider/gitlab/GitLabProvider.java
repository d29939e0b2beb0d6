package com.gitbridge.provider.gitlab;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.ProcessingException;

import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.Pager;
import org.gitlab4j.api.models.Branch;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.MergeRequestFilter;
import org.gitlab4j.api.models.Project;
import org.gitlab4j.api.models.ProjectFilter;
import org.gitlab4j.api.models.User;
import org.gitlab4j.models.Constants.MergeRequestOrderBy;
import org.gitlab4j.models.Constants.MergeRequestState;
import org.gitlab4j.models.Constants.ProjectOrderBy;
import org.gitlab4j.models.Constants.SortOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostLinks;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.Listing;
import com.gitbridge.provider.ListingLimitExceeded;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.PullRequestDraft;

/** One GitLab host and one personal access token. Repository ids are GitLab's {@code path_with_namespace}. */
final class GitLabProvider implements GitProvider {

    private static final int PER_PAGE = 100;
    /** GitLab matches shorter search terms exactly, not as substrings, so those are filtered here only. */
    private static final int MIN_SEARCH_LENGTH = 3;

    private static final String HOST = "GitLab";

    private final GitLabApi api;
    private final GitLabFailures failures;
    private final ListingLimits limits;

    GitLabProvider(GitLabApi api, GitLabFailures failures, ListingLimits limits) {
        this.api = api;
        this.failures = failures;
        this.limits = limits;
    }

    @Override
    public CredentialCheck validate() {
        User user = call("reading the credential's user", () -> api.getUserApi().getCurrentUser());
        JsonNode token;
        try {
            token = call("reading the credential's scopes", () -> new CurrentTokenApi(api).currentToken());
        } catch (ProviderException e) {
            // GitLab before 16.0 has no /personal_access_tokens/self (404), and a token may be refused a look at
            // itself (403); /user has already proved the token works, so only the scopes and expiry stay unknown.
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.FORBIDDEN) {
                return new CredentialCheck(user.getUsername(), List.of(), null);
            }
            throw e;
        }
        List<String> scopes = new ArrayList<>();
        token.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return new CredentialCheck(user.getUsername(), scopes, expiry(token.path("expires_at").asText(null)));
    }

    @Override
    public List<HostRepository> listRepositories(String query) {
        String wanted = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        ProjectFilter filter = new ProjectFilter().withMembership(true).withSimple(true)
                .withOrderBy(ProjectOrderBy.PATH);
        if (wanted.length() >= MIN_SEARCH_LENGTH) {
            // With search_namespaces GitLab also matches the group part of the path, as our contract needs.
            filter.withSearch(query.strip()).withSearchNamespaces(true);
        }
        List<Project> projects = all(limits.start(HOST, "repositories"), "listing repositories",
                () -> api.getProjectApi().getProjects(filter, PER_PAGE));
        return projects.stream()
                .map(GitLabProvider::repository)
                .filter(repository -> contains(repository.id(), wanted) || contains(repository.name(), wanted))
                .sorted(Comparator.comparing(HostRepository::id))
                .toList();
    }

    @Override
    public HostRepository getRepository(String repositoryId) {
        return repository(call("reading repository " + repositoryId,
                () -> api.getProjectApi().getProject(repositoryId)));
    }

    @Override
    public List<HostBranch> listBranches(String repositoryId) {
        return all(limits.start(HOST, "branches of " + repositoryId), "listing branches of " + repositoryId,
                () -> api.getRepositoryApi().getBranches(repositoryId, PER_PAGE))
                .stream().map(GitLabProvider::branch).toList();
    }

    @Override
    public HostBranch createBranch(String repositoryId, String name, String sourceBranch) {
        Branch source = call("reading branch " + sourceBranch + " of " + repositoryId,
                () -> api.getRepositoryApi().getBranch(repositoryId, sourceBranch));
        String doing = "creating branch " + name + " in " + repositoryId;
        return branch(call(doing, () -> {
            try {
                return api.getRepositoryApi().createBranch(repositoryId, name, source.getCommit().getId());
            } catch (GitLabApiException e) {
                throw createBranchFailure(e, doing);
            }
        }));
    }

    /** GitLab answers 400 both for a taken name and for a source that vanished since we read it. */
    private ProviderException createBranchFailure(GitLabApiException failure, String doing) {
        String said = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        if (failure.getHttpStatus() == 400 && said.contains("already exists")) {
            return new ProviderException(Kind.BRANCH_EXISTS, "The branch already exists on GitLab (400) while " + doing);
        }
        if (failure.getHttpStatus() == 400 && said.contains("invalid reference name")) {
            return new ProviderException(Kind.NOT_FOUND, "GitLab no longer has the source branch (400) while " + doing);
        }
        return failures.of(failure, doing);
    }

    @Override
    public HostPullRequest createPullRequest(String repositoryId, PullRequestDraft draft) {
        MergeRequest request = call("opening a merge request in " + repositoryId,
                () -> api.getMergeRequestApi().createMergeRequest(repositoryId, draft.sourceBranch(),
                        draft.targetBranch(), draft.title(), draft.description(), null));
        return new HostPullRequest(String.valueOf(request.getIid()), request.getTitle(), state(request.getState()),
                request.getWebUrl(), request.getSourceBranch(), request.getTargetBranch());
    }

    /**
     * Asks for the most recently updated first and, with a cursor, for {@code updated_after} as well; the listing
     * still stops at the first page that reaches older than the cursor, in case a server ignores the filter.
     * Calls: one per page of 100. A listing that reaches one of its limits ends there with the newest merge requests
     * read.
     */
    @Override
    public List<HostPullRequestDetails> listPullRequests(String repositoryId, Instant updatedSince) {
        String doing = "listing merge requests of " + repositoryId;
        MergeRequestFilter filter = new MergeRequestFilter()
                .withState(MergeRequestState.ALL)
                .withOrderBy(MergeRequestOrderBy.UPDATED_AT)
                .withSort(SortOrder.DESC);
        if (updatedSince != null) {
            filter.withUpdatedAfter(Date.from(updatedSince));
        }
        Listing listing = limits.start(HOST, "merge requests of " + repositoryId);
        List<HostPullRequestDetails> found = new ArrayList<>();
        try {
            listing.nextPage();
            Pager<MergeRequest> pager = call(doing,
                    () -> api.getMergeRequestApi().getMergeRequests(repositoryId, filter, PER_PAGE));
            boolean older = false;
            // The pager holds the first page already; it requests each later one in next().
            for (boolean first = true; !older && pager.hasNext(); first = false) {
                if (!first) {
                    listing.nextPage();
                }
                for (MergeRequest request : call(doing, pager::next)) {
                    HostPullRequestDetails details = details(request);
                    if (updatedSince != null && details.updatedAt().isBefore(updatedSince)) {
                        older = true;
                        break;
                    }
                    listing.items(1);
                    found.add(details);
                }
            }
        } catch (ListingLimitExceeded e) {
            listing.endedEarly(e, found.size());
        }
        found.sort(Comparator.comparing(HostPullRequestDetails::updatedAt));
        return found;
    }

    /**
     * Every item of a paged listing, each page counted by {@code listing} before it is requested. gitlab4j's pager
     * requests the first page when it is made and then page after page by number, for as long as the host's
     * {@code X-Total-Pages} or {@code X-Next-Page} say there are more: a next page that does not go forward ends it.
     */
    private <T> List<T> all(Listing listing, String doing, GitLabCall<Pager<T>> firstPage) {
        listing.nextPage();
        Pager<T> pager = call(doing, firstPage);
        List<T> items = new ArrayList<>();
        for (boolean first = true; pager.hasNext(); first = false) {
            if (!first) {
                listing.nextPage();
            }
            List<T> page = call(doing, pager::next);
            listing.items(page.size());
            items.addAll(page);
        }
        return items;
    }

    @FunctionalInterface
    private interface GitLabCall<T> {
        T call() throws GitLabApiException;
    }

    private <T> T call(String doing, GitLabCall<T> call) {
        try {
            return call.call();
        } catch (GitLabApiException e) {
            throw failures.of(e, doing);
        } catch (ProcessingException e) {
            throw failures.unavailable(e, doing);
        } catch (RuntimeException e) {
            // gitlab4j's Pager wraps failures on pages after the first in a bare RuntimeException.
            if (e.getCause() instanceof GitLabApiException cause) {
                throw failures.of(cause, doing);
            }
            if (e.getCause() instanceof IOException) {
                throw failures.unavailable(e, doing);
            }
            throw e;
        }
    }

    private static HostRepository repository(Project project) {
        return new HostRepository(project.getPathWithNamespace(), project.getName(), project.getDefaultBranch(),
                project.getWebUrl(), project.getHttpUrlToRepo());
    }

    private static HostBranch branch(Branch branch) {
        return new HostBranch(branch.getName(), branch.getCommit() == null ? null : branch.getCommit().getId(),
                branch.getWebUrl());
    }

    /**
     * The listing counts the comments ({@code user_notes_count}) and names the reviewers, but not who approved:
     * approvals cost a call per merge request, so no reviewers are given.
     */
    private static HostPullRequestDetails details(MergeRequest request) {
        String iid = String.valueOf(request.getIid());
        return new HostPullRequestDetails(iid, HostLinks.pullRequestDisplayId(ProviderType.GITLAB, iid),
                request.getTitle(), request.getDescription(), state(request.getState()), request.getWebUrl(),
                request.getSourceBranch(), request.getTargetBranch(),
                request.getAuthor() == null ? null : request.getAuthor().getUsername(),
                request.getUpdatedAt().toInstant(), request.getUserNotesCount(), null);
    }

    private static boolean contains(String value, String wanted) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(wanted);
    }

    private static String state(String gitLabState) {
        if (gitLabState == null) {
            return "OPEN";
        }
        return switch (gitLabState) {
            case "merged" -> "MERGED";
            case "closed", "locked" -> "CLOSED";
            default -> "OPEN";
        };
    }

    /** GitLab gives a date; its tokens stop working at the start of that day, 00:00 UTC. */
    private static Instant expiry(String expiresAt) {
        if (expiresAt == null || expiresAt.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(expiresAt).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
