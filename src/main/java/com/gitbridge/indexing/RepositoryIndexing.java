package com.gitbridge.indexing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

import com.gitbridge.api.DatabaseFailures;
import com.gitbridge.devinfo.DevelopmentInfoOutbox;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.integration.IntegrationInfo;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.jira.JiraProjects;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ProviderException;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One indexing run of one repository, as the integration account: git history through the mirror, then pull
 * requests through the host's API from where the last run stopped.
 * <p>
 * Until a run of the repository has completed, nothing it stores is announced to Jira's development information
 * on its own: the run that completes first announces the whole repository, in the transaction that marks it done.
 */
@Component
class RepositoryIndexing {

    private static final Logger log = LoggerFactory.getLogger(RepositoryIndexing.class);
    private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(15);
    /** A mirror over its quota is fetched whole before that shows; not again on every poll. */
    static final Duration QUOTA_RETRY = Duration.ofHours(6);

    /** What the job does next: nothing, run again now (a push came in meanwhile), or wait for the host. */
    sealed interface Outcome {
        record Finished() implements Outcome {
        }

        record RunAgain() implements Outcome {
        }

        record WaitUntil(Instant until) implements Outcome {
        }
    }

    private final IndexedRepositories repositories;
    private final HostConnections connections;
    private final JiraProjects projects;
    private final GitIndexer git;
    private final PullRequestStore pullRequests;
    private final IndexCleanup cleanup;
    private final TransactionTemplate transaction;
    private final SiteJobs siteJobs;
    private final Clock clock;
    private final InstalledSites sites;
    private final DevelopmentInfoOutbox outbox;

    RepositoryIndexing(IndexedRepositories repositories, HostConnections connections, JiraProjects projects,
                       GitIndexer git, PullRequestStore pullRequests, IndexCleanup cleanup,
                       TransactionTemplate transaction, SiteJobs siteJobs, Clock clock, InstalledSites sites,
                       DevelopmentInfoOutbox outbox) {
        this.repositories = repositories;
        this.connections = connections;
        this.projects = projects;
        this.git = git;
        this.pullRequests = pullRequests;
        this.cleanup = cleanup;
        this.transaction = transaction;
        this.siteJobs = siteJobs;
        this.clock = clock;
        this.sites = sites;
        this.outbox = outbox;
    }

    Outcome run(String repositoryPk) {
        IndexedRepository repository = repositories.findById(repositoryPk).orElse(null);
        if (repository == null) {
            return new Outcome.Finished();
        }
        IntegrationInfo integration = connections.findForJob(repository.integrationId()).orElse(null);
        if (integration == null) {
            cleanup.forget(repository);
            return new Outcome.Finished();
        }
        if (!sites.isInstalled(repository.tenantId())) {
            // Nothing is fetched for a site that is not installed; the uninstall cleanup, or its sweep, removes the rest.
            return new Outcome.Finished();
        }
        if (repository.deferredUntil() != null && repository.deferredUntil().isAfter(clock.instant())) {
            return new Outcome.WaitUntil(repository.deferredUntil());
        }
        TaskInstanceId job = IndexingQueue.INDEX_REPOSITORY.instanceId(repositoryPk);
        if (!siteJobs.enter(job, repository.tenantId())) {
            return new Outcome.WaitUntil(clock.instant().plus(SiteJobs.WAIT));
        }
        try {
            return indexAsJob(repository, integration);
        } finally {
            siteJobs.leave(job, repository.tenantId());
        }
    }

    private Outcome indexAsJob(IndexedRepository repository, IntegrationInfo integration) {
        update(repository.id(), IndexedRepository::indexing);
        try {
            return index(repository, integration);
        } catch (ProviderException e) {
            return hostFailed(repository, integration, e);
        } catch (MirrorQuotaExceeded e) {
            Instant retry = clock.instant().plus(QUOTA_RETRY);
            log.warn("Indexing {} failed: {}; it is tried again at {}", repository.repository(), e.getMessage(), retry);
            update(repository.id(), row -> row.failedUntil(e.getMessage(), retry));
            return new Outcome.WaitUntil(retry);
        } catch (RuntimeException e) {
            return failed(repository, e);
        }
    }

    /** Git history, then pull requests; runs again at once if a push asked for it meanwhile. */
    private Outcome index(IndexedRepository repository, IntegrationInfo integration) {
        GitRemote remote = connections.gitRemote(integration, repository.cloneUrl());
        IssueKeyMatcher keys = new IssueKeyMatcher(projects.keys(repository.tenantId()));
        long before = repository.commitsDone();
        boolean firstIndex = repository.lastIndexedAt() == null;
        GitIndexResult result = git.index(new GitIndexRequest(repository.id(), repository.tenantId(), remote, keys,
                firstIndex,
                walked -> transaction.executeWithoutResult(status -> repositories.progress(repository.id(), before + walked))));
        Instant pullRequestsSince = indexPullRequests(repository, connections.asIntegrationAccount(integration), keys,
                firstIndex);
        long commits = Math.max(0, before + result.commitsWalked() - result.commitsRemoved());
        IndexedRepository done = update(repository.id(), row -> {
            row.done(commits, pullRequestsSince, clock.instant());
            if (firstIndex) {
                outbox.repositoryIndexed(row.tenantId(), row.id());
            }
        });
        log.info("Indexed {}: {} commits walked, {} with issue keys, {} removed", repository.repository(),
                result.commitsWalked(), result.commitsWithKeys(), result.commitsRemoved());
        return done != null && done.reindexRequested() ? new Outcome.RunAgain() : new Outcome.Finished();
    }

    /** A rate limit holds back every repository of the integration; any other refusal fails this one. */
    private Outcome hostFailed(IndexedRepository repository, IntegrationInfo integration, ProviderException e) {
        if (e.kind() == ProviderException.Kind.RATE_LIMITED) {
            Instant until = clock.instant().plus(e.retryAfter() == null ? DEFAULT_RATE_LIMIT_WAIT : e.retryAfter());
            deferIntegration(integration.id(), until);
            log.info("Host rate-limited integration {}: its indexing waits until {}", integration.id(), until);
            return new Outcome.WaitUntil(until);
        }
        log.warn("Indexing {} failed: {} ({})", repository.repository(), e.kind(), e.getMessage());
        update(repository.id(), row -> row.failed(e.getMessage()));
        return new Outcome.Finished();
    }

    private Outcome failed(IndexedRepository repository, RuntimeException e) {
        if (DatabaseFailures.isUnavailable(e)) {
            // Nothing can be recorded now; what was stored stays, and the next run goes on from there.
            log.warn("Indexing {} stopped: the database is unavailable; it runs again in {}", repository.repository(),
                    DATABASE_RETRY);
            return new Outcome.WaitUntil(clock.instant().plus(DATABASE_RETRY));
        }
        log.warn("Indexing {} failed", repository.repository(), e);
        update(repository.id(), row -> row.failed("Indexing failed: " + e.getClass().getSimpleName()));
        return new Outcome.Finished();
    }

    private Instant indexPullRequests(IndexedRepository repository, GitProvider host, IssueKeyMatcher keys,
                                      boolean firstIndex) {
        Instant newest = repository.pullRequestsSince();
        for (HostPullRequestDetails pullRequest : host.listPullRequests(repository.repository(), repository.pullRequestsSince())) {
            Set<String> mentioned = keys.inPullRequest(pullRequest.title(), pullRequest.description(),
                    pullRequest.sourceBranch());
            pullRequests.replace(repository.id(), repository.tenantId(), pullRequest, mentioned, !firstIndex);
            if (pullRequest.updatedAt() != null && (newest == null || pullRequest.updatedAt().isAfter(newest))) {
                newest = pullRequest.updatedAt();
            }
        }
        return newest;
    }

    private void deferIntegration(String integrationId, Instant until) {
        Conflicts.retry(() -> transaction.execute(status -> {
            repositories.findByIntegrationId(integrationId)
                    .forEach(row -> row.deferUntil(until, "The host is rate limiting; indexing resumes at " + until));
            repositories.flush();
            return null;
        }));
    }

    private IndexedRepository update(String repositoryPk, Consumer<IndexedRepository> change) {
        return Conflicts.retry(() -> transaction.execute(status -> repositories.findById(repositoryPk).map(row -> {
            change.accept(row);
            return repositories.saveAndFlush(row);
        }).orElse(null)));
    }
}
