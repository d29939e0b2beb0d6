package com.gitbridge.indexing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.IntFunction;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.lib.Repository;

/** A repository on "the host" for the tests: real commits and branches made with JGit, fetched from its URL. */
final class SourceRepository implements AutoCloseable {

    private final Git git;
    private final Path directory;
    private long time = 1_760_000_000L;

    private SourceRepository(Git git, Path directory) {
        this.git = git;
        this.directory = directory;
    }

    /** A repository that, like GitHub and GitLab, serves partial clones (git's {@code --filter}). */
    static SourceRepository create(Path directory) {
        try {
            SourceRepository source = new SourceRepository(
                    Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call(), directory);
            source.allowFilters(true);
            return source;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    void allowFilters(boolean allow) {
        StoredConfig config = git.getRepository().getConfig();
        config.setBoolean("uploadpack", null, "allowFilter", allow);
        try {
            config.save();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits a file through the index and work tree; the commit. */
    RevCommit commitFile(String path, String content, String message) {
        try {
            Files.writeString(directory.resolve(path), content);
            git.add().addFilepattern(path).call();
            return git.commit().setMessage(message).setSign(false).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return directory.resolve(".git").toUri().toString();
    }

    Repository repository() {
        return git.getRepository();
    }

    /** Commits on the current branch; the commit's sha. */
    String commit(String message) {
        return commit(message, "Ada Lovelace");
    }

    String commit(String message, String author) {
        return commits(1, i -> message, author);
    }

    /** Commits with the given author and committer time. */
    String commitDated(String message, Instant when) {
        long next = time;
        time = when.getEpochSecond() - 60;
        try {
            return commit(message);
        } finally {
            time = next;
        }
    }

    /** Commits {@code count} times on the current branch, the i-th (from 1) with {@code message.apply(i)}. */
    String commits(int count, IntFunction<String> message) {
        return commits(count, message, "Ada Lovelace");
    }

    private String commits(int count, IntFunction<String> message, String author) {
        // Into one new pack, and one branch update: the porcelain's index and work tree handling (not needed for
        // commits without files) and a file per object are slow.
        Repository repository = git.getRepository();
        try (ObjectInserter inserter = ((FileRepository) repository).getObjectDatabase().newPackInserter()) {
            ObjectId head = repository.resolve(Constants.HEAD);
            ObjectId tree = inserter.insert(new TreeFormatter());
            ObjectId parent = head;
            for (int i = 1; i <= count; i++) {
                PersonIdent ident = new PersonIdent(author, "ada@example.com", Instant.ofEpochSecond(time += 60),
                        ZoneOffset.UTC);
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(tree);
                if (parent != null) {
                    commit.setParentId(parent);
                }
                commit.setAuthor(ident);
                commit.setCommitter(ident);
                commit.setMessage(message.apply(i));
                parent = inserter.insert(commit);
            }
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.HEAD);
            update.setNewObjectId(parent);
            update.setExpectedOldObjectId(head == null ? ObjectId.zeroId() : head);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IllegalStateException("Could not commit: " + result);
            }
            return parent.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new branch at the current commit, checked out. */
    void branch(String name) {
        try {
            git.checkout().setCreateBranch(true).setName(name).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    void checkout(String name) {
        try {
            git.checkout().setName(name).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A merge commit of {@code branch} into the current branch. */
    String merge(String branch, String message) {
        try {
            PersonIdent ident = new PersonIdent("Grace Hopper", "grace@example.com", Instant.ofEpochSecond(time += 60),
                    ZoneOffset.UTC);
            git.merge().include(repository().resolve(branch)).setFastForward(MergeCommand.FastForwardMode.NO_FF)
                    .setCommit(false).call();
            return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call().name();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the current branch back, as before a force-push of rewritten history. */
    void resetHard(String revision) {
        try {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(revision).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    void deleteBranch(String name) {
        try {
            git.branchDelete().setBranchNames(name).setForce(true).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
