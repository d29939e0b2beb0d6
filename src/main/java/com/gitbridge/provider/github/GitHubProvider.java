package com.gitbridge.provider.github;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.PullRequestDraft;
import org.kohsuke.github.GHDirection;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHMyself;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestQueryBuilder;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.PagedIterable;
import org.kohsuke.github.connector.GitHubConnector;

/** GitHub.com or GitHub Enterprise Server through github-api, acting with one personal access token. */
final class GitHubProvider implements GitProvider {

    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+");

    private static final List<DateTimeFormatter> EXPIRY_FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX", Locale.ROOT),
            DateTimeFormatter.ISO_OFFSET_DATE_TIME);

    private final String host;
    private final String apiUrl;
    private final String token;
    private final GitHubConnector connector;
    private final GitHubFailures failures;

    GitHubProvider(String host, String apiUrl, String token, GitHubConnector connector) {
        this.host = host;
        this.apiUrl = apiUrl;
        this.token = token;
        this.connector = connector;
        this.failures = new GitHubFailures(host);
    }

    @Override
    public CredentialCheck validate() {
        GHMyself me = call("the user of the credential", () -> session().getMyself());
        Map<String, List<String>> headers = me.getResponseHeaderFields();
        return new CredentialCheck(me.getLogin(), scopes(header(headers, "X-OAuth-Scopes")),
                expiry(header(headers, "github-authentication-token-expiration")));
    }

    @Override
    public List<HostRepository> listRepositories(String query) {
        String needle = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<GHRepository> all = call("the repository list", () -> session().getMyself().listRepositories(100).toList());
        return all.stream()
                .filter(repository -> repository.getFullName().toLowerCase(Locale.ROOT).contains(needle)
                        || repository.getName().toLowerCase(Locale.ROOT).contains(needle))
                .map(GitHubProvider::toHostRepository)
                .sorted(Comparator.comparing(HostRepository::id, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    @Override
    public HostRepository getRepository(String repositoryId) {
        return toHostRepository(repository(repositoryId));
    }

    @Override
    public List<HostBranch> listBranches(String repositoryId) {
        GHRepository repository = repository(repositoryId);
        // getBranches() reads every page and orders the branches by name
        return call("branches of repository " + repositoryId, repository::getBranches).values().stream()
                .map(branch -> new HostBranch(branch.getName(), branch.getSHA1(), branchUrl(repository, branch.getName())))
                .toList();
    }

    @Override
    public HostBranch createBranch(String repositoryId, String name, String sourceBranch) {
        GHRepository repository = repository(repositoryId);
        String sourceSubject = "branch " + sourceBranch + " in repository " + repositoryId;
        if (!isSafeInPath(sourceBranch)) {
            throw failures.notFound(sourceSubject, null);
        }
        String sha = call(sourceSubject, () -> repository.getRef("heads/" + sourceBranch).getObject().getSha());
        try {
            repository.createRef("refs/heads/" + name, sha);
        } catch (IOException e) {
            if (GitHubFailures.status(e) == 422 && "Reference already exists".equalsIgnoreCase(GitHubFailures.hostMessage(e))) {
                throw new ProviderException(Kind.BRANCH_EXISTS,
                        "Branch " + name + " already exists in repository " + repositoryId + " on " + host);
            }
            throw failures.translate(e, "repository " + repositoryId);
        }
        return new HostBranch(name, sha, branchUrl(repository, name));
    }

    @Override
    public HostPullRequest createPullRequest(String repositoryId, PullRequestDraft draft) {
        GHRepository repository = repository(repositoryId);
        GHPullRequest pull = call("repository " + repositoryId, () -> repository.createPullRequest(
                draft.title(), draft.sourceBranch(), draft.targetBranch(), draft.description()));
        return new HostPullRequest(String.valueOf(pull.getNumber()), pull.getTitle(), state(pull),
                pull.getHtmlUrl().toString(), pull.getHead().getRef(), pull.getBase().getRef());
    }

    /**
     * Asks for the most recently updated first, so that with a cursor the listing stops at the first pull request
     * older than it: the page holding that one is the last page requested. Calls: one for the repository, then one
     * per page of 100.
     */
    @Override
    public List<HostPullRequestDetails> listPullRequests(String repositoryId, Instant updatedSince) {
        GHRepository repository = repository(repositoryId);
        String subject = "pull requests of repository " + repositoryId;
        List<HostPullRequestDetails> found = new ArrayList<>();
        try {
            PagedIterable<GHPullRequest> newestFirst = repository.queryPullRequests()
                    .state(GHIssueState.ALL)
                    .sort(GHPullRequestQueryBuilder.Sort.UPDATED)
                    .direction(GHDirection.DESC)
                    .list()
                    .withPageSize(100);
            // Iterating requests a page only when the previous one is used up.
            for (GHPullRequest pull : newestFirst) {
                HostPullRequestDetails details = details(pull);
                if (updatedSince != null && details.updatedAt().isBefore(updatedSince)) {
                    break;
                }
                found.add(details);
            }
        } catch (GHException e) {
            // github-api wraps a failed page request in an unchecked GHException.
            if (e.getCause() instanceof IOException cause) {
                throw failures.translate(cause, subject);
            }
            throw e;
        } catch (IOException e) {
            throw failures.translate(e, subject);
        }
        found.sort(Comparator.comparing(HostPullRequestDetails::updatedAt));
        return found;
    }

    /**
     * A new library session per call: github-api caches {@code /user} in its {@link GitHub}, and a credential check
     * must always ask the host. Building one sends nothing.
     */
    private GitHub session() throws IOException {
        return new GitHubBuilder()
                .withEndpoint(apiUrl)
                // A plain provider, not withOAuthToken(): that one makes the library fetch /user on build.
                .withAuthorizationProvider(() -> "token " + token)
                .withConnector(connector)
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                .build();
    }

    private GHRepository repository(String repositoryId) {
        String subject = "repository " + repositoryId;
        if (repositoryId == null || !REPOSITORY_ID.matcher(repositoryId).matches()
                || Arrays.stream(repositoryId.split("/")).anyMatch(part -> part.matches("\\.+"))) {
            throw failures.notFound(subject, null);
        }
        return call(subject, () -> session().getRepository(repositoryId));
    }

    private <T> T call(String subject, GitHubCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw failures.translate(e, subject);
        }
    }

    @FunctionalInterface
    private interface GitHubCall<T> {
        T run() throws IOException;
    }

    private static HostRepository toHostRepository(GHRepository repository) {
        return new HostRepository(repository.getFullName(), repository.getName(), repository.getDefaultBranch(),
                repository.getHtmlUrl().toString(), repository.getHttpTransportUrl());
    }

    private static String branchUrl(GHRepository repository, String branch) {
        try {
            return repository.getHtmlUrl() + new URI(null, null, "/tree/" + branch, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Unusable branch name", e);
        }
    }

    /** Git forbids ".." in ref names; refusing it keeps a branch name from walking out of the ref's API path. */
    private static boolean isSafeInPath(String branch) {
        return branch != null && !branch.isBlank() && !branch.contains("..") && !branch.startsWith("/");
    }

    private static HostPullRequestDetails details(GHPullRequest pull) throws IOException {
        GHUser author = pull.getUser();
        return new HostPullRequestDetails(String.valueOf(pull.getNumber()), pull.getTitle(), pull.getBody(),
                state(pull), pull.getHtmlUrl().toString(), pull.getHead().getRef(), pull.getBase().getRef(),
                author == null ? null : author.getLogin(), pull.getUpdatedAt().toInstant());
    }

    private static String state(GHPullRequest pull) {
        if (pull.getState() == GHIssueState.OPEN) {
            return "OPEN";
        }
        return pull.getMergedAt() != null ? "MERGED" : "CLOSED";
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(header -> name.equalsIgnoreCase(header.getKey()))
                .flatMap(header -> header.getValue().stream())
                .findFirst()
                .orElse(null);
    }

    /** Classic tokens list their scopes; fine-grained tokens send the header empty or not at all. */
    private static List<String> scopes(String header) {
        if (header == null) {
            return List.of();
        }
        return Arrays.stream(header.split(","))
                .map(String::trim)
                .filter(scope -> !scope.isEmpty())
                .toList();
    }

    /** GitHub writes the expiry like "2026-12-05 10:00:00 UTC"; other zone forms are accepted too. */
    static Instant expiry(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        for (DateTimeFormatter format : EXPIRY_FORMATS) {
            try {
                return ZonedDateTime.parse(header.trim(), format).toInstant();
            } catch (DateTimeParseException tryNext) {
                // next format
            }
        }
        try {
            // no zone at all: GitHub's times are UTC
            return LocalDateTime.parse(header.trim(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
