package com.gitbridge.provider;

import java.util.List;

/**
 * One git host, acting with one credential. Every call goes to the host with that credential and no other.
 * Every failure is a {@link ProviderException}; no SDK or HTTP type escapes an implementation.
 * <p>
 * Every listing is held to the {@link ListingLimits}: a listing of repositories or branches that goes past them
 * fails with {@link ListingLimitExceeded}; a listing of pull requests ends there with what it read.
 */
public interface GitProvider {

    /** Asks the host who the credential belongs to; {@link ProviderException.Kind#CREDENTIAL_REJECTED} if it refuses. */
    CredentialCheck validate();

    /**
     * All repositories the credential can see, every page of them, whose id or name contains {@code query}
     * (case-insensitive; {@code null} or blank for all), ordered by id.
     */
    List<HostRepository> listRepositories(String query);

    /** One repository by id; {@link ProviderException.Kind#NOT_FOUND} if the credential cannot see it. */
    HostRepository getRepository(String repositoryId);

    /** All branches of a repository, every page of them. */
    List<HostBranch> listBranches(String repositoryId);

    /**
     * Creates {@code name} at the tip of {@code sourceBranch}. {@link ProviderException.Kind#BRANCH_EXISTS} if the
     * name is taken, {@link ProviderException.Kind#NOT_FOUND} if the repository or source branch is not there.
     */
    HostBranch createBranch(String repositoryId, String name, String sourceBranch);

    /** Opens a pull (merge) request. */
    HostPullRequest createPullRequest(String repositoryId, PullRequestDraft draft);

    /**
     * The repository's pull (merge) requests in every state, every page of them, updated at or after
     * {@code updatedSince} ({@code null}: all of them). Hosts that can sort by update time are asked to, so a cursor
     * can stop paging early; the result is ordered by {@code updatedAt}, oldest first.
     */
    List<HostPullRequestDetails> listPullRequests(String repositoryId, java.time.Instant updatedSince);
}
