package com.gitbridge.indexing;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.gitbridge.jira.JiraProjects;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostLinks;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostPullRequestDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores a branch or pull request the app has just created on the host, so that the issue's development data shows
 * it at once rather than after the next index, and Jira's development information learns of it in the same
 * transaction. Only for repositories indexed already; the next index of the repository stores the same again.
 */
@Component
public class IndexedDevelopment {

    private static final Logger log = LoggerFactory.getLogger(IndexedDevelopment.class);

    private final IndexedRepositories repositories;
    private final IndexStore store;
    private final PullRequestStore pullRequests;
    private final GitIndexer git;
    private final JiraProjects projects;
    private final Clock clock;

    IndexedDevelopment(IndexedRepositories repositories, IndexStore store, PullRequestStore pullRequests,
                       GitIndexer git, JiraProjects projects, Clock clock) {
        this.repositories = repositories;
        this.store = store;
        this.pullRequests = pullRequests;
        this.git = git;
        this.projects = projects;
        this.clock = clock;
    }

    /**
     * A branch created on the host. Stored if its name holds keys, with its tip commit as the repository's mirror
     * holds it (only its sha if the mirror does not: the next index adds the rest).
     */
    public void branchCreated(String tenantId, String integrationId, String repository, HostBranch branch) {
        IndexedRepository indexed = indexed(tenantId, integrationId, repository).orElse(null);
        if (indexed == null) {
            return;
        }
        Set<String> keys = new IssueKeyMatcher(projects.keys(tenantId)).inBranchName(branch.name());
        if (keys.isEmpty()) {
            return;
        }
        IndexStore.CommitDetails tip = tip(indexed, branch.commitSha());
        store.updateBranches(indexed.id(), tenantId, List.of(new IndexStore.BranchRow(branch.name(), keys, tip)),
                List.of(), announces(indexed));
    }

    /**
     * A pull request opened on the host, by {@code author} (the host login that opened it). Stored if its title,
     * description or source branch holds keys.
     */
    public void pullRequestCreated(String tenantId, String integrationId, String repository, HostPullRequest pullRequest,
                                   String description, String author) {
        IndexedRepository indexed = indexed(tenantId, integrationId, repository).orElse(null);
        if (indexed == null) {
            return;
        }
        Set<String> keys = new IssueKeyMatcher(projects.keys(tenantId))
                .inPullRequest(pullRequest.title(), description, pullRequest.sourceBranch());
        HostPullRequestDetails details = new HostPullRequestDetails(pullRequest.id(),
                HostLinks.pullRequestDisplayId(indexed.hostType(), pullRequest.id()), pullRequest.title(), description,
                pullRequest.state(), pullRequest.webUrl(), pullRequest.sourceBranch(), pullRequest.targetBranch(),
                author, clock.instant(), 0, null);
        pullRequests.replace(indexed.id(), tenantId, details, keys, announces(indexed));
    }

    /** The tip as the mirror holds it; its sha alone if the mirror does not hold it or cannot be read. */
    private IndexStore.CommitDetails tip(IndexedRepository indexed, String sha) {
        try {
            return git.mirroredCommit(indexed.id(), sha).orElseGet(() -> IndexStore.BranchRow.tipOnly(sha));
        } catch (RuntimeException unreadable) {
            log.warn("Could not read commit {} from the mirror of {}; the next index stores its details", sha,
                    indexed.repository(), unreadable);
            return IndexStore.BranchRow.tipOnly(sha);
        }
    }

    private Optional<IndexedRepository> indexed(String tenantId, String integrationId, String repository) {
        return repositories.findByIntegrationIdAndRepository(integrationId, repository)
                .filter(row -> row.tenantId().equals(tenantId));
    }

    /** Before its first full index completes, the repository reaches Jira as one backfill, this included. */
    private static boolean announces(IndexedRepository repository) {
        return repository.lastIndexedAt() != null;
    }
}
