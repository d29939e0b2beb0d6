package com.gitbridge.devinfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A repository on "the host" made and read with the git command line, so that what the app pushes to Jira is
 * compared with what git itself says: real commits with files, real {@code git merge --no-ff}, real branch deletes.
 */
final class GitCli implements AutoCloseable {

    record Author(String name, String email) {
    }

    /** One commit as {@code git log} shows it. */
    record LoggedCommit(String sha, String authorName, String authorEmail, List<String> parents, String message) {
    }

    private final Path directory;
    private final Repository repository;
    private long time = 1_760_000_000L;

    private GitCli(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            git("init", "-q", "-b", "main");
            git("config", "user.name", "Repository Owner");
            git("config", "user.email", "owner@example.com");
            git("config", "commit.gpgsign", "false");
            git("config", "uploadpack.allowFilter", "true");
            repository = new FileRepositoryBuilder().setGitDir(directory.resolve(".git").toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GitCli init(Path directory) {
        return new GitCli(directory);
    }

    /** The repository as JGit opens it, for serving it over HTTP. */
    Repository repository() {
        return repository;
    }

    /** Writes {@code file} and commits it on the current branch as {@code author}; the commit's sha. */
    String commit(String file, String content, String message, Author author) {
        try {
            Files.writeString(directory.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git("add", file);
        gitAs(author, "commit", "-q", "-m", message);
        return head();
    }

    /** {@code git merge --no-ff} of {@code branch} into the current branch, as {@code author}; the merge commit. */
    String mergeNoFastForward(String branch, String message, Author author) {
        gitAs(author, "merge", "-q", "--no-ff", "-m", message, branch);
        return head();
    }

    String head() {
        return git("rev-parse", "HEAD").trim();
    }

    String git(String... arguments) {
        return run(Map.of(), arguments);
    }

    /** Every commit of every branch, as {@code git log --branches} prints it. */
    List<LoggedCommit> log() {
        String out = git("log", "--branches", "--format=%H%x1f%an%x1f%ae%x1f%P%x1f%B%x1e");
        List<LoggedCommit> commits = new ArrayList<>();
        for (String record : out.split("\u001e")) {
            String trimmed = record.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split("\u001f", -1);
            commits.add(new LoggedCommit(fields[0], fields[1], fields[2],
                    fields[3].isBlank() ? List.of() : List.of(fields[3].split(" ")), fields[4].strip()));
        }
        return commits;
    }

    /** Branch name → tip sha, as {@code git for-each-ref refs/heads} prints them. */
    Map<String, String> branches() {
        Map<String, String> branches = new LinkedHashMap<>();
        for (String line : git("for-each-ref", "--format=%(refname:short)%09%(objectname)", "refs/heads").split("\n")) {
            if (!line.isBlank()) {
                String[] fields = line.split("\t");
                branches.put(fields[0], fields[1]);
            }
        }
        return branches;
    }

    private String gitAs(Author author, String... arguments) {
        String date = "@" + (time += 60) + " +0000";
        return run(Map.of("GIT_AUTHOR_NAME", author.name(), "GIT_AUTHOR_EMAIL", author.email(),
                "GIT_COMMITTER_NAME", author.name(), "GIT_COMMITTER_EMAIL", author.email(),
                "GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date), arguments);
    }

    private String run(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", directory.toString());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
