package com.gitbridge.devinfo;

import java.util.Collection;

/**
 * Records what Jira's development information has to learn, in the caller's transaction, so that a stored change
 * and its record commit or roll back together. The sender reads the current rows when it sends: one record sends
 * an entity's latest state, however often it changed meanwhile.
 * <p>
 * Indexing calls it for what appears after a repository's first full index (sent as {@code NORMAL}, so that Jira
 * runs smart commits); what the first full index stores is sent as one backfill, announced by
 * {@link #repositoryIndexed}.
 */
public interface DevelopmentInfoOutbox {

    /** The repository's first full index is stored: everything indexed of it goes to Jira as a backfill. */
    void repositoryIndexed(String tenantId, String repositoryPk);

    /** Commits stored (or whose rows changed) after the first full index, by sha. */
    void commitsChanged(String tenantId, String repositoryPk, Collection<String> shas);

    /** Branches holding keys that are new or point at another commit, by name. */
    void branchesChanged(String tenantId, String repositoryPk, Collection<String> names);

    /** Branches that Jira holds and that are gone, or no longer hold a key, by name. */
    void branchesDeleted(String tenantId, String repositoryPk, Collection<String> names);

    /** Pull requests stored or changed (also those that no longer mention a key), by the host's id. */
    void pullRequestsChanged(String tenantId, String repositoryPk, Collection<String> ids);

    /**
     * The integration no longer sees the repository; its indexed rows are being deleted.
     *
     * @param repository the host's path of it ({@code owner/name}), which the Jira repository id is made of
     */
    void repositoryRemoved(String tenantId, String integrationId, String repository);
}
