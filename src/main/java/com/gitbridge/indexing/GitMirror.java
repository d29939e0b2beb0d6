package com.gitbridge.indexing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.HttpConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FileUtils;

import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.ProviderException;

/**
 * A bare copy of one repository's branches, in a directory named by the repository's primary key. Fetching
 * mirrors the host's branches exactly: new and moved branches come in (force-pushes included), deleted ones go.
 * Failures to reach the host become the {@link ProviderException}s the remote maps them to, for a URL without
 * user information.
 * <p>
 * The index reads commits only, so where the host can leave out trees and files (git's partial clone filter
 * {@code tree:0}) the mirror holds commits only: a fraction of the disk, transfer and time of a full copy. Hosts
 * that cannot filter get a full copy, which the mirror remembers. JGit cannot pack a partial copy together again,
 * so one that has come in too many packs is fetched anew.
 * <p>
 * A mirror may take at most its quota on disk: a fetch that brings it past is cancelled (JGit checks between
 * objects), and a mirror found over it is deleted, with {@link MirrorQuotaExceeded}.
 */
final class GitMirror implements AutoCloseable {

    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final FilterSpec COMMITS_ONLY = commitsOnly();
    /** The mirror's own config: set when the host did not take the filter. */
    private static final String SECTION = "gitbridge";
    private static final String FULL_COPY = "fullCopy";
    static final int MAX_PACKS = 50;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Path directory;
    private final int timeoutSeconds;
    private final Set<String> schemes;
    private final long quotaBytes;
    private Repository repository;

    /**
     * @param timeout    connect and read timeout towards the host (JGit takes one, in whole seconds)
     * @param schemes    the URL schemes clone URLs may use
     * @param quotaBytes the most bytes the mirror may take on disk
     */
    GitMirror(Path mirrorsDirectory, String repositoryPk, Duration timeout, Set<String> schemes, long quotaBytes) {
        if (!SAFE_NAME.matcher(repositoryPk).matches()) {
            throw new IllegalArgumentException("Not a repository key: " + repositoryPk);
        }
        this.directory = mirrorsDirectory.resolve(repositoryPk);
        this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        this.schemes = schemes;
        this.quotaBytes = quotaBytes;
    }

    private static FilterSpec commitsOnly() {
        try {
            return FilterSpec.fromFilterLine("tree:0");
        } catch (PackProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    Path directory() {
        return directory;
    }

    /** The mirror, created empty the first time. */
    Repository repository() {
        if (repository == null) {
            try {
                repository = openOrCreate();
            } catch (IOException | IllegalStateException e) {
                // Half-created by a crash: start again from nothing.
                delete();
                try {
                    repository = openOrCreate();
                } catch (IOException again) {
                    throw new UncheckedIOException("Could not create the git mirror in " + directory, again);
                }
            }
        }
        return repository;
    }

    /** The mirror's branches (short name to commit), as the last fetch left them. */
    Map<String, ObjectId> branches() {
        try {
            Map<String, ObjectId> branches = new LinkedHashMap<>();
            for (Ref ref : repository().getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                if (ref.getObjectId() != null) {
                    branches.put(ref.getName().substring(Constants.R_HEADS.length()), ref.getObjectId());
                }
            }
            return branches;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the branches of the git mirror in " + directory, e);
        }
    }

    /**
     * Makes the mirror's branches those of the repository at {@code remote}.
     *
     * @throws MirrorQuotaExceeded if the mirror would take more than its quota; it is deleted then
     */
    void fetch(GitRemote remote) {
        try {
            fetchBranches(remote);
        } catch (MirrorQuotaExceeded e) {
            delete();
            throw e;
        }
    }

    private void fetchBranches(GitRemote remote) {
        URIish uri = parse(remote.cloneUrl());
        if (!fullCopy() && packs() > MAX_PACKS) {
            delete();
        }
        FetchResult result = fetchFrom(uri, remote);
        if (failedUpdates(result)) {
            // A lock file left by a crash blocks the branch for good: a fresh mirror heals it.
            boolean full = fullCopy();
            delete();
            if (full) {
                rememberFullCopy();
            }
            result = fetchFrom(uri, remote);
            if (failedUpdates(result)) {
                throw new UncheckedIOException(new IOException("Could not update the branches of the git mirror in "
                        + directory));
            }
        }
    }

    /** Whether the host did not take the filter, so that the mirror is a full copy. */
    boolean fullCopy() {
        return isFullCopy(repository());
    }

    static boolean isFullCopy(Repository repository) {
        return repository.getConfig().getBoolean(SECTION, FULL_COPY, false);
    }

    /**
     * The mirror as it is, for reading beside a running index: never created, deleted or changed here. {@code null}
     * if there is none. The caller closes it.
     */
    Repository openForReading() {
        try {
            Repository existing = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().setMustExist(true)
                    .build();
            if (!existing.getObjectDatabase().exists()) {
                existing.close();
                return null;
            }
            return existing;
        } catch (IOException | IllegalArgumentException absent) {
            return null;
        }
    }

    /** Removes the mirror from disk. */
    void delete() {
        close();
        try {
            FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the git mirror in " + directory, e);
        }
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }

    private Repository openOrCreate() throws IOException {
        Repository repo = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
        if (!repo.getObjectDatabase().exists()) {
            repo.create(true);
            StoredConfig config = repo.getConfig();
            // JGit's garbage collection needs every tree and file, which a partial copy does not have.
            config.setBoolean(ConfigConstants.CONFIG_FETCH_SECTION, null, "autogc", false);
            // A full copy may be packed when fetched; before returning, not in a thread racing the next fetch.
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES,
                    false);
            config.save();
        }
        return repo;
    }

    private FetchResult fetchFrom(URIish uri, GitRemote remote) {
        if (!fullCopy()) {
            FetchResult commitsOnly = transfer(uri, remote, COMMITS_ONLY);
            if (commitsOnly != null) {
                return commitsOnly;
            }
            // Start the full copy from nothing: commits fetched without their trees would stay without them.
            delete();
            rememberFullCopy();
        }
        return transfer(uri, remote, FilterSpec.NO_FILTER);
    }

    private void rememberFullCopy() {
        StoredConfig config = repository().getConfig();
        config.setBoolean(SECTION, null, FULL_COPY, true);
        config.setBoolean(ConfigConstants.CONFIG_FETCH_SECTION, null, "autogc", true);
        try {
            config.save();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not configure the git mirror in " + directory, e);
        }
    }

    /** Fetches the branches; {@code null} if the host does not take the filter. */
    private FetchResult transfer(URIish uri, GitRemote remote, FilterSpec filter) {
        // The URL guard saw only the clone URL: a redirect could aim the fetch, credential included, anywhere.
        repository().getConfig().setString(HttpConfig.HTTP, null, HttpConfig.FOLLOW_REDIRECTS_KEY, "false");
        MirrorQuotaWatch quota = new MirrorQuotaWatch(directory, quotaBytes);
        try (Transport transport = Transport.open(repository(), uri)) {
            remote.configure(transport);
            transport.setTimeout(timeoutSeconds);
            transport.setRemoveDeletedRefs(true);
            transport.setTagOpt(TagOpt.NO_TAGS);
            transport.setFilterSpec(filter);
            FetchResult result = transport.fetch(quota, List.of(BRANCHES));
            if (quota.exceeded(true)) {
                throw new MirrorQuotaExceeded(quotaBytes);
            }
            return result;
        } catch (NotSupportedException e) {
            throw new IllegalArgumentException("Git cannot fetch from " + uri, e);
        } catch (TransportException e) {
            if (quota.exceeded(false)) {
                throw new MirrorQuotaExceeded(quotaBytes);
            }
            // Over HTTP JGit wraps the protocol exception that says so; the message is the same.
            if (!filter.isNoOp() && String.valueOf(e.getMessage()).endsWith(JGitText.get().filterRequiresCapability)) {
                return null;
            }
            throw remote.failure(uri, e);
        }
    }

    private long packs() {
        Path packDirectory = directory.resolve("objects").resolve("pack");
        if (!Files.isDirectory(packDirectory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(packDirectory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pack")).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the git mirror in " + directory, e);
        }
    }

    private static boolean failedUpdates(FetchResult result) {
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            RefUpdate.Result outcome = update.getResult();
            if (outcome == RefUpdate.Result.LOCK_FAILURE || outcome == RefUpdate.Result.IO_FAILURE
                    || outcome == RefUpdate.Result.REJECTED || outcome == RefUpdate.Result.REJECTED_OTHER_REASON) {
                return true;
            }
        }
        return false;
    }

    private URIish parse(String cloneUrl) {
        URIish uri;
        try {
            // User information in a clone URL (Azure DevOps puts the organisation there) is never needed, and
            // JGit would repeat it in its messages.
            uri = new URIish(cloneUrl).setUser(null).setPass(null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a clone URL");
        }
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
            throw new IllegalArgumentException("Clone URLs must use one of " + schemes + ", not " + uri.getScheme());
        }
        return uri;
    }
}
