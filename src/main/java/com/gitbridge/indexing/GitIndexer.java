package com.gitbridge.indexing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.gitbridge.provider.ProviderTimeouts;

/**
 * Indexes a repository's commits and branches from git itself: fetches its mirror, walks the commits that are new
 * since the last index, stores those whose message mentions an issue key, deletes the rows of commits no longer
 * on any branch, and records the branches whose names hold keys with their tip commits. After a repository's first
 * full index, what changes is told to Jira's development information in the transactions that store it.
 * <p>
 * The tips reached are stored last: if anything fails before, the next index walks the same commits again and the
 * idempotent insert absorbs the repetition. So call it outside a transaction: commit rows are written, each batch
 * committed by itself, by a second thread while the walk goes on.
 * <p>
 * Known limit: RevWalk tells "no longer on a branch" from commit dates; a history with long runs of commits dated
 * before their parents (wrong clocks) can still make it delete rows of a commit that is on a branch. The walk guards
 * against the usual cases, as git's own {@code rev-list} does.
 */
@Component
public class GitIndexer {

    private static final Logger log = LoggerFactory.getLogger(GitIndexer.class);
    private static final int PROGRESS_EVERY = 1000;
    /** Commit objects larger than this are walked through but not indexed: no real commit message is this long. */
    static final long MAX_COMMIT_SIZE = 1024 * 1024;

    private final IndexStore store;
    private final Path mirrors;
    private final Duration timeout;
    private final Set<String> schemes;
    private final long mirrorQuota;

    @Autowired
    GitIndexer(IndexStore store, ProviderTimeouts timeouts, IndexingSettings settings,
               @Value("${gitbridge.outbound.allow-private-addresses:false}") boolean allowPrivateAddresses) {
        // Clone URLs have passed the outbound guard already; plain http only where private addresses may be used.
        this(store, settings.mirrors(), max(timeouts.connectTimeout(), timeouts.readTimeout()),
                allowPrivateAddresses ? Set.of("https", "http") : Set.of("https"), settings.mirrorQuota().toBytes());
    }

    /** @param schemes the URL schemes clone URLs may use ({@code file} only in tests) */
    GitIndexer(IndexStore store, Path mirrors, Duration timeout, Set<String> schemes) {
        this(store, mirrors, timeout, schemes, IndexingSettings.DEFAULT_MIRROR_QUOTA.toBytes());
    }

    /** @param mirrorQuota the most bytes one repository's mirror may take on disk */
    GitIndexer(IndexStore store, Path mirrors, Duration timeout, Set<String> schemes, long mirrorQuota) {
        this.store = store;
        this.mirrors = mirrors;
        this.timeout = timeout;
        this.schemes = schemes;
        this.mirrorQuota = mirrorQuota;
    }

    /**
     * @throws MirrorQuotaExceeded if the repository takes more room than its mirror may have; the mirror is then
     *                             deleted
     */
    public GitIndexResult index(GitIndexRequest request) {
        try (GitMirror mirror = mirror(request.repositoryPk())) {
            // What the last fetch brought may have been partly stored by an index that then failed.
            Collection<ObjectId> fetchedBefore = mirror.branches().values();
            mirror.fetch(request.remote());
            try (OversizedCommits reader = new OversizedCommits(mirror.repository().newObjectReader(), MAX_COMMIT_SIZE);
                 RevWalk walk = new RevWalk(reader);
                 ChangedPaths paths = mirror.fullCopy() ? ChangedPaths.of(mirror.repository()) : ChangedPaths.unknown()) {
                GitIndexResult result = index(request, walk, paths, mirror.branches(), fetchedBefore);
                if (reader.skipped() > 0) {
                    log.warn("Repository {}: {} commits larger than {} bytes were walked through but not indexed",
                            request.repositoryPk(), reader.skipped(), MAX_COMMIT_SIZE);
                }
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the git mirror of repository " + request.repositoryPk(), e);
        }
    }

    private GitIndexResult index(GitIndexRequest request, RevWalk walk, ChangedPaths paths,
                                 Map<String, ObjectId> branches, Collection<ObjectId> fetchedBefore) throws IOException {
        String repositoryPk = request.repositoryPk();
        Map<String, RevCommit> heads = heads(walk, branches);
        List<RevCommit> headCommits = List.copyOf(heads.values());
        Set<RevCommit> indexedTips = indexedTips(walk, repositoryPk);
        Walked walked = indexedTips.isEmpty() ? walkEverything(walk, paths, headCommits, request)
                : walkSince(walk, paths, headCommits, indexedTips, fetchedBefore, request);

        int branchesWithKeys = storeBranches(request, walk, paths, heads);
        Map<String, String> tips = new HashMap<>();
        heads.forEach((name, head) -> tips.put(name, head.name()));
        store.replaceTips(repositoryPk, tips);
        return new GitIndexResult(walked.commits, walked.withKeys, walked.removed, branchesWithKeys);
    }

    /**
     * Stores the branches whose names hold keys that are new, point at another commit or hold other keys now, with
     * their tip commits; deletes the rows of those gone or holding no key now. How many branches hold keys.
     */
    private int storeBranches(GitIndexRequest request, RevWalk walk, ChangedPaths paths, Map<String, RevCommit> heads)
            throws IOException {
        Map<String, IndexStore.StoredBranch> stored = store.branches(request.repositoryPk());
        List<IndexStore.BranchRow> changed = new ArrayList<>();
        Set<String> withKeys = new HashSet<>();
        for (Map.Entry<String, RevCommit> head : heads.entrySet()) {
            String name = head.getKey();
            Set<String> keys = request.keys().inBranchName(name);
            if (keys.isEmpty()) {
                continue;
            }
            withKeys.add(name);
            RevCommit tip = head.getValue();
            IndexStore.StoredBranch before = stored.get(name);
            if (before == null || !before.keys().equals(keys) || !tip.name().equals(before.tipSha())
                    || !before.tipDetailed()) {
                walk.parseBody(tip);
                changed.add(new IndexStore.BranchRow(name, keys, details(walk, paths, tip, tip.getFullMessage())));
                tip.disposeBody();
            }
        }
        List<String> gone = stored.keySet().stream().filter(name -> !withKeys.contains(name)).toList();
        store.updateBranches(request.repositoryPk(), request.tenantId(), changed, gone, !request.firstIndex());
        return withKeys.size();
    }

    /** The commits the mirror's branches point at, by branch name; branches at anything else are left out. */
    private static Map<String, RevCommit> heads(RevWalk walk, Map<String, ObjectId> branches) throws IOException {
        Map<String, RevCommit> heads = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectId> branch : branches.entrySet()) {
            RevCommit head = commit(walk, branch.getValue());
            if (head != null) {
                heads.put(branch.getKey(), head);
            }
        }
        return heads;
    }

    /** The tips the last index reached; none if the mirror lacks any of them. */
    private Set<RevCommit> indexedTips(RevWalk walk, String repositoryPk) throws IOException {
        Set<RevCommit> indexedTips = new LinkedHashSet<>();
        for (String sha : store.tips(repositoryPk).values()) {
            RevCommit tip = ObjectId.isId(sha) ? commit(walk, ObjectId.fromString(sha)) : null;
            if (tip == null) {
                return Set.of();
            }
            indexedTips.add(tip);
        }
        return indexedTips;
    }

    /**
     * Stores what is new since the tips indexed last, and removes the rows of commits that the last index or the
     * last fetch had on a branch and no head reaches now.
     */
    private Walked walkSince(RevWalk walk, ChangedPaths paths, List<RevCommit> heads, Set<RevCommit> indexedTips,
                             Collection<ObjectId> fetchedBefore, GitIndexRequest request) throws IOException {
        Walked walked = walkNew(walk, paths, heads, indexedTips, request, null);
        Set<RevCommit> oldTips = new LinkedHashSet<>(indexedTips);
        for (ObjectId id : fetchedBefore) {
            RevCommit tip = commit(walk, id);
            if (tip != null) {
                oldTips.add(tip);
            }
        }
        heads.forEach(oldTips::remove);
        return walked.removing(removeUnreachable(walk, oldTips, heads, request.repositoryPk()));
    }

    /**
     * Nothing to start from: the first index, or the mirror lost the tips we reached (a new disk, a mirror fetched
     * anew). Walks everything, and drops the rows of stored commits the walk does not meet.
     */
    private Walked walkEverything(RevWalk walk, ChangedPaths paths, List<RevCommit> heads, GitIndexRequest request)
            throws IOException {
        Set<ObjectId> unseen = new HashSet<>();
        for (String sha : store.commitShas(request.repositoryPk())) {
            unseen.add(ObjectId.fromString(sha));
        }
        Walked walked = walkNew(walk, paths, heads, Set.of(), request, unseen);
        store.deleteCommits(request.repositoryPk(), unseen.stream().map(ObjectId::name).toList());
        return walked.removing(unseen.size());
    }

    /**
     * What the repository's mirror holds of a commit, read without fetching; empty if the mirror does not hold it
     * (or there is none yet).
     */
    Optional<IndexStore.CommitDetails> mirroredCommit(String repositoryPk, String sha) {
        if (sha == null || !ObjectId.isId(sha)) {
            return Optional.empty();
        }
        Repository repository = mirror(repositoryPk).openForReading();
        if (repository == null) {
            return Optional.empty();
        }
        try (repository;
             RevWalk walk = new RevWalk(repository);
             ChangedPaths paths = GitMirror.isFullCopy(repository) ? ChangedPaths.of(repository) : ChangedPaths.unknown()) {
            RevCommit commit = commit(walk, ObjectId.fromString(sha));
            if (commit == null) {
                return Optional.empty();
            }
            walk.parseBody(commit);
            return Optional.of(details(walk, paths, commit, commit.getFullMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the git mirror of repository " + repositoryPk, e);
        }
    }

    /** Forgets a repository: its rows and its mirror. */
    public void delete(String repositoryPk) {
        store.deleteRepository(repositoryPk);
        mirror(repositoryPk).delete();
    }

    GitMirror mirror(String repositoryPk) {
        return new GitMirror(mirrors, repositoryPk, timeout, schemes, mirrorQuota);
    }

    private record Walked(long commits, long withKeys, long removed) {
        Walked removing(long count) {
            return new Walked(commits, withKeys, count);
        }
    }

    /** Stores the commits reachable from {@code heads} and not from {@code indexedTips}; removes them from unseen. */
    private Walked walkNew(RevWalk walk, ChangedPaths paths, List<RevCommit> heads, Set<RevCommit> indexedTips,
                           GitIndexRequest request, Set<ObjectId> unseen) throws IOException {
        start(walk, heads, indexedTips, true);
        IssueKeyMatcher matcher = request.keys();
        long commits = 0;
        long withKeys = 0;
        try (CommitWriter writer = new CommitWriter(store, request.repositoryPk(), request.tenantId(),
                !request.firstIndex())) {
            List<IndexStore.CommitRow> rows = new ArrayList<>();
            for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
                commits++;
                if (unseen != null) {
                    unseen.remove(commit);
                }
                String message = commit.getFullMessage();
                Set<String> keys = matcher.inMessage(message);
                if (!keys.isEmpty()) {
                    withKeys++;
                    IndexStore.CommitDetails details = details(walk, paths, commit, message);
                    for (String key : keys) {
                        rows.add(new IndexStore.CommitRow(key, details));
                    }
                    if (rows.size() >= IndexStore.BATCH_SIZE) {
                        writer.write(rows);
                        rows = new ArrayList<>();
                    }
                }
                commit.disposeBody();
                if (commits % PROGRESS_EVERY == 0) {
                    request.progress().accept(commits);
                }
            }
            writer.write(rows);
            writer.finish();
        }
        request.progress().accept(commits);
        return new Walked(commits, withKeys, 0);
    }

    /** Readies the walk for the commits reachable from {@code from} and not from {@code notFrom}. */
    private static void start(RevWalk walk, Collection<RevCommit> from, Collection<RevCommit> notFrom,
                              boolean retainBody) throws IOException {
        walk.reset();
        walk.setRetainBody(retainBody);
        walk.markStart(from);
        for (RevCommit commit : notFrom) {
            walk.markUninteresting(commit);
        }
    }

    /** What is stored of a commit; its paths are counted only here, for commits that are stored. */
    private static IndexStore.CommitDetails details(RevWalk walk, ChangedPaths paths, RevCommit commit, String message)
            throws IOException {
        PersonIdent author = commit.getAuthorIdent();
        return new IndexStore.CommitDetails(commit.name(), message, author.getName(), blankToNull(author.getEmailAddress()),
                Instant.ofEpochSecond(commit.getCommitTime()), author.getWhenAsInstant(), paths.count(walk, commit),
                commit.getParentCount());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Deletes the rows of the commits reachable from {@code oldTips} and not from {@code heads}; how many. */
    private long removeUnreachable(RevWalk walk, Set<RevCommit> oldTips, List<RevCommit> heads, String repositoryPk)
            throws IOException {
        if (oldTips.isEmpty()) {
            return 0;
        }
        start(walk, oldTips, heads, false);
        List<RevCommit> unreachable = new ArrayList<>();
        for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
            unreachable.add(commit);
        }
        // A commit dated before its parent (clock skew) can be produced before the walk learns that a head reaches
        // it; by the end of the walk it is flagged. Deleting it would lose it for good, so look again.
        List<String> shas = unreachable.stream()
                .filter(commit -> !commit.has(RevFlag.UNINTERESTING))
                .map(RevCommit::name)
                .toList();
        store.deleteCommits(repositoryPk, shas);
        return shas.size();
    }

    /** The commit {@code id} names in the mirror, or {@code null} if it is not there or not a commit. */
    private static RevCommit commit(RevWalk walk, ObjectId id) throws IOException {
        if (!walk.getObjectReader().has(id)) {
            return null;
        }
        try {
            RevObject object = walk.peel(walk.parseAny(id));
            return object instanceof RevCommit commit ? commit : null;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return null;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
