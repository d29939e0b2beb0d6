package com.gitbridge.provider.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpMethod;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostLinks;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostPullRequestDetails;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.HostReviewer;
import com.gitbridge.provider.HostText;
import com.gitbridge.provider.Listing;
import com.gitbridge.provider.ListingLimitExceeded;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderException.Kind;
import com.gitbridge.provider.PullRequestDraft;

/** One Azure DevOps / VSTS / TFS collection, acting with one personal access token. */
final class AzureProvider implements GitProvider {

    private static final String HEADS = "refs/heads/";
    /** As the old object id of a ref update, "this ref must not exist yet". */
    private static final String NO_OBJECT = "0".repeat(40);
    private static final int PAGE_SIZE = 100;

    private final AzureApi api;
    private final ListingLimits limits;

    AzureProvider(AzureApi api, ListingLimits limits) {
        this.api = api;
        this.limits = limits;
    }

    /**
     * Azure DevOps does not tell a PAT its own scopes or expiry, so the check names only the account. A refused PAT
     * is sometimes answered not with 401 but as the anonymous identity.
     */
    @Override
    public CredentialCheck validate() {
        JsonNode user = api.get(api.previewUri("_apis", "connectionData")).path("authenticatedUser");
        String displayName = user.path("providerDisplayName").asText("").strip();
        String account = user.path("properties").path("Account").path("$value").asText("").strip();
        boolean anonymous = displayName.equalsIgnoreCase("Anonymous")
                || user.path("descriptor").asText("").contains("UnauthenticatedIdentity");
        String login = account.isEmpty() ? displayName : account;
        if (anonymous || login.isEmpty()) {
            throw new ProviderException(Kind.CREDENTIAL_REJECTED,
                    api.hostName() + " refused the credential (it answered as the anonymous user)");
        }
        return new CredentialCheck(login, List.of(), null);
    }

    @Override
    public List<HostRepository> listRepositories(String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return api.getAll(limits.start(api.hostName(), "repositories"), Map.of(), "_apis", "git", "repositories")
                .stream()
                .map(AzureProvider::repository)
                .filter(repo -> repo.id().toLowerCase(Locale.ROOT).contains(needle)
                        || repo.name().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing(HostRepository::id))
                .toList();
    }

    @Override
    public HostRepository getRepository(String repositoryId) {
        return repository(api.get(api.uri(Map.of(), RepoPath.of(repositoryId, api).segments())));
    }

    @Override
    public List<HostBranch> listBranches(String repositoryId) {
        HostRepository repo = getRepository(repositoryId);
        return api.getAll(limits.start(api.hostName(), "branches of " + repositoryId), Map.of("filter", "heads/"),
                        RepoPath.of(repositoryId, api).segments("refs")).stream()
                .map(ref -> {
                    String name = withoutHeads(ref.path("name").asText());
                    return new HostBranch(name, ref.path("objectId").asText(), branchUrl(repo, name));
                })
                .toList();
    }

    @Override
    public HostBranch createBranch(String repositoryId, String name, String sourceBranch) {
        HostRepository repo = getRepository(repositoryId);
        String[] refs = RepoPath.of(repositoryId, api).segments("refs");
        // The filter matches by prefix: "heads/main" also lists "main-old".
        String sha = api.getAll(limits.start(api.hostName(), "branches of " + repositoryId),
                        Map.of("filter", "heads/" + sourceBranch), refs).stream()
                .filter(ref -> (HEADS + sourceBranch).equals(ref.path("name").asText()))
                .map(ref -> ref.path("objectId").asText())
                .findFirst()
                .orElseThrow(() -> new ProviderException(Kind.NOT_FOUND,
                        api.hostName() + " has no branch " + sourceBranch + " in " + repositoryId));

        AzureApi.Response response = api.send(HttpMethod.POST, api.uri(Map.of(), refs),
                List.of(new RefUpdate(HEADS + name, NO_OBJECT, sha)));
        boolean conflict = response.status() == 409;
        JsonNode update = (conflict ? response.json() : api.ok(response)).path("value").path(0);
        if (!conflict && update.path("success").asBoolean(false)) {
            return new HostBranch(name, sha, branchUrl(repo, name));
        }
        throw refUpdateRefused(name, update.path("updateStatus").asText(""), update.path("customMessage").asText(""),
                conflict);
    }

    /** The host answers a refused ref update with 200 and {@code success: false}, or on some servers with 409. */
    private ProviderException refUpdateRefused(String name, String status, String hostMessage, boolean conflict) {
        String detail = HostText.quote(hostMessage);
        String code = HostText.code(status);
        return switch (status) {
            case "createBranchPermissionRequired", "writePermissionRequired" -> new ProviderException(Kind.FORBIDDEN,
                    api.hostName() + " does not allow this credential to create branch " + name + detail);
            case "staleOldObjectId", "refNameConflict" -> branchExists(name, detail);
            default -> conflict
                    ? branchExists(name, detail)
                    : new ProviderException(Kind.HOST_REJECTED,
                            api.hostName() + " refused to create branch " + name
                                    + (code == null ? "" : " (" + code + ")") + detail);
        };
    }

    private ProviderException branchExists(String name, String detail) {
        return new ProviderException(Kind.BRANCH_EXISTS, api.hostName() + " already has a branch " + name + detail);
    }

    @Override
    public HostPullRequest createPullRequest(String repositoryId, PullRequestDraft draft) {
        HostRepository repo = getRepository(repositoryId);
        JsonNode pr = api.post(api.uri(Map.of(), RepoPath.of(repositoryId, api).segments("pullrequests")),
                new NewPullRequest(HEADS + draft.sourceBranch(), HEADS + draft.targetBranch(), draft.title(),
                        draft.description()));
        String id = pr.path("pullRequestId").asText();
        return new HostPullRequest(id, pr.path("title").asText(draft.title()), state(pr.path("status").asText()),
                repo.webUrl() + "/pullrequest/" + id,
                withoutHeads(pr.path("sourceRefName").asText(HEADS + draft.sourceBranch())),
                withoutHeads(pr.path("targetRefName").asText(HEADS + draft.targetBranch())));
    }

    /**
     * The host can neither sort pull requests by update time nor say when one was last updated, so every page is
     * read and filtered here. A pull request's {@code updatedAt} is when it was closed (completed or abandoned),
     * else when it was created: later pushes, votes and comments do not count. Calls: one for the repository (its
     * page is the base of the pull requests' URLs), then one per page of {@value #PAGE_SIZE}. A listing that reaches
     * one of its limits ends there with what it read: the host lists the newest first.
     */
    @Override
    public List<HostPullRequestDetails> listPullRequests(String repositoryId, Instant updatedSince) {
        HostRepository repo = getRepository(repositoryId);
        String[] pullRequests = RepoPath.of(repositoryId, api).segments("pullrequests");
        // Paging by offset over a list that may grow meanwhile can show one twice; the first sighting counts.
        Set<String> seen = new HashSet<>();
        List<HostPullRequestDetails> found = new ArrayList<>();
        Listing listing = limits.start(api.hostName(), "pull requests of " + repositoryId);
        try {
            boolean more = true;
            for (int skip = 0; more; skip += PAGE_SIZE) {
                listing.nextPage();
                Map<String, String> query = new LinkedHashMap<>();
                query.put("searchCriteria.status", "all");
                query.put("$top", String.valueOf(PAGE_SIZE));
                query.put("$skip", String.valueOf(skip));
                JsonNode page = api.get(api.uri(query, pullRequests)).path("value");
                boolean anyNew = false;
                for (JsonNode pr : page) {
                    HostPullRequestDetails details = details(repo, pr);
                    if (seen.add(details.id())) {
                        anyNew = true;
                        if (updatedSince == null || !details.updatedAt().isBefore(updatedSince)) {
                            listing.items(1);
                            found.add(details);
                        }
                    }
                }
                // A full page may have more behind it; a page of nothing new means the server ignored $skip.
                more = page.size() >= PAGE_SIZE && anyNew;
            }
        } catch (ListingLimitExceeded e) {
            listing.endedEarly(e, found.size());
        }
        found.sort(Comparator.comparing(HostPullRequestDetails::updatedAt));
        return found;
    }

    private HostPullRequestDetails details(HostRepository repo, JsonNode pr) {
        String id = pr.path("pullRequestId").asText();
        Instant created = instant(pr.path("creationDate").asText(null));
        Instant closed = instant(pr.path("closedDate").asText(null));
        if (created == null) {
            throw new ProviderException(Kind.HOST_UNAVAILABLE,
                    api.hostName() + " listed pull request " + id + " without a readable creation date");
        }
        // An active pull request may carry no closedDate, or the placeholder 0001-01-01.
        Instant updatedAt = closed != null && closed.isAfter(created) ? closed : created;
        return new HostPullRequestDetails(id, HostLinks.pullRequestDisplayId(ProviderType.AZURE_DEVOPS, id),
                pr.path("title").asText(null), pr.path("description").asText(null),
                state(pr.path("status").asText()), repo.webUrl() + "/pullrequest/" + id,
                withoutHeads(pr.path("sourceRefName").asText()), withoutHeads(pr.path("targetRefName").asText()),
                pr.path("createdBy").path("uniqueName").asText(null), updatedAt, null, reviewers(pr.path("reviewers")));
    }

    /**
     * The listing gives each reviewer's vote (10 approved, 5 approved with suggestions, 0 none, -5 waiting for the
     * author, -10 rejected); comments are threads, a call per pull request, so no comment count is given.
     * {@code uniqueName} is the account's email on Azure DevOps, a domain account name on TFS.
     */
    private static List<HostReviewer> reviewers(JsonNode reviewers) {
        if (!reviewers.isArray()) {
            return null;
        }
        List<HostReviewer> found = new ArrayList<>();
        for (JsonNode reviewer : reviewers) {
            String uniqueName = reviewer.path("uniqueName").asText(null);
            String email = uniqueName != null && uniqueName.contains("@") ? uniqueName : null;
            found.add(new HostReviewer(reviewer.path("displayName").asText(uniqueName), email,
                    reviewer.path("vote").asInt(0) >= 5));
        }
        return found;
    }

    /** The host's times are UTC, with up to seven decimals; one without a zone is taken as UTC. */
    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? Instant.from(parsed)
                    : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException unreadable) {
            return null;
        }
    }

    private static String state(String status) {
        return switch (status) {
            case "completed" -> "MERGED";
            case "abandoned" -> "CLOSED";
            default -> "OPEN";
        };
    }

    private static HostRepository repository(JsonNode repo) {
        String name = repo.path("name").asText();
        String remoteUrl = withoutUserInfo(repo.path("remoteUrl").asText(null));
        String defaultBranch = repo.path("defaultBranch").asText(null);
        return new HostRepository(
                repo.path("project").path("name").asText() + "/" + name,
                name,
                defaultBranch == null ? null : withoutHeads(defaultBranch),
                // Older TFS answers have no webUrl; their remote URL is the repository's page as well.
                repo.path("webUrl").asText(remoteUrl),
                remoteUrl);
    }

    /**
     * Azure DevOps names the organisation as the user of its clone URLs ({@code https://acme@dev.azure.com/acme/…});
     * git needs no user there (the credential brings its own), and a URL with one is refused as a clone URL.
     */
    static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException unusable) {
            return url;
        }
        if (uri.getRawUserInfo() == null || uri.getRawAuthority() == null) {
            return url;
        }
        String authority = uri.getRawAuthority();
        return uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    private static String branchUrl(HostRepository repo, String branch) {
        return repo.webUrl() + "?version=GB" + URLEncoder.encode(branch, StandardCharsets.UTF_8);
    }

    private static String withoutHeads(String ref) {
        return ref.startsWith(HEADS) ? ref.substring(HEADS.length()) : ref;
    }

    /** A repository id, {@code project/repository}. */
    private record RepoPath(String project, String repository) {

        static RepoPath of(String repositoryId, AzureApi api) {
            int slash = repositoryId == null ? -1 : repositoryId.indexOf('/');
            if (slash <= 0 || slash == repositoryId.length() - 1) {
                throw new ProviderException(Kind.NOT_FOUND,
                        api.hostName() + " repositories are named project/repository, not " + repositoryId);
            }
            return new RepoPath(repositoryId.substring(0, slash), repositoryId.substring(slash + 1));
        }

        /** {@code {project}/_apis/git/repositories/{repository}/{rest...}} */
        String[] segments(String... rest) {
            String[] segments = new String[5 + rest.length];
            segments[0] = project;
            segments[1] = "_apis";
            segments[2] = "git";
            segments[3] = "repositories";
            segments[4] = repository;
            System.arraycopy(rest, 0, segments, 5, rest.length);
            return segments;
        }
    }

    private record RefUpdate(String name, String oldObjectId, String newObjectId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record NewPullRequest(String sourceRefName, String targetRefName, String title, String description) {
    }
}
