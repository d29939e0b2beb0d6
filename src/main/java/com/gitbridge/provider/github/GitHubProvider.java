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
import org.kohsuke.github.GHBranch;
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
import org.kohsuke.github.PagedIterator;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

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
    private final ListingLimits limits;

    GitHubProvider(String host, String apiUrl, String token, GitHubConnector connector, ListingLimits limits) {
        this.host = host;
        this.apiUrl = apiUrl;
        this.token = token;
        this.connector = connector;
        this.failures = new GitHubFailures(host);
        this.limits = limits;
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
        PageCounter pages = new PageCounter(connector);
        GHMyself me = call("the repository list", () -> session(pages).getMyself());
        Listing listing = pages.count(limits.start(host, "repositories"));
        List<GHRepository> all = new ArrayList<>();
        PagedIterator<GHRepository> repositories = me.listRepositories(100).iterator();
        call("the repository list", () -> {
            // A hasNext() that needs a new page requests it, and the listing counts it first.
            while (repositories.hasNext()) {
                List<GHRepository> page = repositories.nextPage();
                listing.items(page.size());
                all.addAll(page);
            }
            return all;
        });
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
        PageCounter pages = new PageCounter(connector);
        GHRepository repository = repository(repositoryId, pages);
        Listing listing = pages.count(limits.start(host, "branches of " + repositoryId));
        // getBranches() reads every page (each counted by the listing) and orders the branches by name
        Map<String, GHBranch> branches = call("branches of repository " + repositoryId, repository::getBranches);
        listing.items(branches.size());
        return branches.values().stream()
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
     * per page of 100. A listing that reaches one of its limits ends there with the newest pull requests read.
     */
    @Override
    public List<HostPullRequestDetails> listPullRequests(String repositoryId, Instant updatedSince) {
        PageCounter pages = new PageCounter(connector);
        GHRepository repository = repository(repositoryId, pages);
        Listing listing = pages.count(limits.start(host, "pull requests of " + repositoryId));
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
                listing.items(1);
                found.add(details);
            }
        } catch (ListingLimitExceeded e) {
            listing.endedEarly(e, found.size());
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
        return session(connector);
    }

    private GitHub session(GitHubConnector sessionConnector) throws IOException {
        return new GitHubBuilder()
                .withEndpoint(apiUrl)
                // A plain provider, not withOAuthToken(): that one makes the library fetch /user on build.
                .withAuthorizationProvider(() -> "token " + token)
                .withConnector(sessionConnector)
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                .build();
    }

    private GHRepository repository(String repositoryId) {
        return repository(repositoryId, connector);
    }

    /** The repository, read through {@code sessionConnector}, which later requests about it go through as well. */
    private GHRepository repository(String repositoryId, GitHubConnector sessionConnector) {
        String subject = "repository " + repositoryId;
        if (repositoryId == null || !REPOSITORY_ID.matcher(repositoryId).matches()
                || Arrays.stream(repositoryId.split("/")).anyMatch(part -> part.matches("\\.+"))) {
            throw failures.notFound(subject, null);
        }
        return call(subject, () -> session(sessionConnector).getRepository(repositoryId));
    }

    private <T> T call(String subject, GitHubCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw failures.translate(e, subject);
        } catch (GHException e) {
            // github-api wraps a failed page request in an unchecked GHException.
            if (e.getCause() instanceof IOException cause) {
                throw failures.translate(cause, subject);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface GitHubCall<T> {
        T run() throws IOException;
    }

    /**
     * Sends a session's requests; once {@link #count} has named the listing, each request is one of its pages and
     * is counted against its limits before it is sent. github-api follows the host's {@code Link} header from page
     * to page on its own, so this is where every page request can be seen.
     */
    private static final class PageCounter implements GitHubConnector {

        private final GitHubConnector connector;
        private Listing listing;

        PageCounter(GitHubConnector connector) {
            this.connector = connector;
        }

        Listing count(Listing pages) {
            this.listing = pages;
            return pages;
        }

        @Override
        public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
            if (listing != null) {
                listing.nextPage();
            }
            return connector.send(request);
        }
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

    /**
     * The listing gives neither comment counts nor approvals (only the reviewers still asked to review): both would
     * cost a call per pull request, so neither is given.
     */
    private static HostPullRequestDetails details(GHPullRequest pull) throws IOException {
        GHUser author = pull.getUser();
        String number = String.valueOf(pull.getNumber());
        return new HostPullRequestDetails(number, HostLinks.pullRequestDisplayId(ProviderType.GITHUB, number),
                pull.getTitle(), pull.getBody(), state(pull), pull.getHtmlUrl().toString(), pull.getHead().getRef(),
                pull.getBase().getRef(), author == null ? null : author.getLogin(), pull.getUpdatedAt().toInstant(),
                null, null);
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
