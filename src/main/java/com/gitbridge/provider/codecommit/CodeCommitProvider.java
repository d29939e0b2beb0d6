package com.gitbridge.provider.codecommit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.web.util.UriUtils;

import com.gitbridge.provider.Credential;
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
import com.gitbridge.provider.PullRequestDraft;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.ListBranchesResponse;
import software.amazon.awssdk.services.codecommit.model.ListPullRequestsResponse;
import software.amazon.awssdk.services.codecommit.model.ListRepositoriesResponse;
import software.amazon.awssdk.services.codecommit.model.PullRequest;
import software.amazon.awssdk.services.codecommit.model.PullRequestStatusEnum;
import software.amazon.awssdk.services.codecommit.model.PullRequestTarget;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameIdPair;
import software.amazon.awssdk.services.codecommit.model.Target;

/** CodeCommit in one region, acting with one IAM access key. A repository's id is its name. */
final class CodeCommitProvider implements GitProvider {

    /** BatchGetRepositories takes at most this many names. */
    private static final int BATCH_GET_LIMIT = 25;
    private static final String BRANCH_REF_PREFIX = "refs/heads/";
    private static final String HOST = "AWS CodeCommit";

    private final AwsClients clients;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final CodeCommitClient codeCommit;
    private final AwsFailures failures;
    private final ListingLimits limits;

    CodeCommitProvider(AwsClients clients, Credential.AwsAccessKey key, String region, ListingLimits limits) {
        this.limits = limits;
        this.clients = clients;
        this.credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        this.region = Region.of(region);
        this.codeCommit = clients.codeCommit(credentials, this.region);
        this.failures = new AwsFailures(key, region);
    }

    /**
     * STS names the key's identity (its ARN; AWS reports no scopes or expiry for an IAM user's key). A key that
     * authenticates but may not list CodeCommit repositories is useless here, so that one call follows and its
     * refusal surfaces as FORBIDDEN instead of the key being accepted.
     */
    @Override
    public CredentialCheck validate() {
        String arn = call("check the access key", () -> clients.sts(credentials, region).getCallerIdentity().arn());
        call("list repositories with the access key", () -> codeCommit.listRepositories(request -> { }));
        return new CredentialCheck(arn, List.of(), null);
    }

    @Override
    public List<HostRepository> listRepositories(String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        Listing listing = limits.start(HOST, "repositories");
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            listing.nextPage(token);
            String pageToken = token;
            ListRepositoriesResponse page = call("list repositories",
                    () -> codeCommit.listRepositories(request -> request.nextToken(pageToken)));
            listing.items(page.repositories().size());
            page.repositories().stream()
                    .map(RepositoryNameIdPair::repositoryName)
                    .filter(name -> name.toLowerCase(Locale.ROOT).contains(needle))
                    .forEach(names::add);
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        List<HostRepository> repositories = new ArrayList<>(names.size());
        for (int from = 0; from < names.size(); from += BATCH_GET_LIMIT) {
            listing.inTime();
            List<String> batch = names.subList(from, Math.min(from + BATCH_GET_LIMIT, names.size()));
            // Names deleted since the listing come back in repositoriesNotFound and are left out.
            call("read repositories", () -> codeCommit.batchGetRepositories(request -> request.repositoryNames(batch)))
                    .repositories().forEach(metadata -> repositories.add(toRepository(metadata)));
        }
        repositories.sort(Comparator.comparing(HostRepository::id));
        return repositories;
    }

    @Override
    public HostRepository getRepository(String repositoryId) {
        return toRepository(call("read repository " + repositoryId,
                () -> codeCommit.getRepository(request -> request.repositoryName(repositoryId)).repositoryMetadata()));
    }

    /**
     * Names only: CodeCommit lists branch names without commits, and a GetBranch per branch would cost one call
     * per branch, so {@link HostBranch#commitSha()} is {@code null} here.
     */
    @Override
    public List<HostBranch> listBranches(String repositoryId) {
        Listing listing = limits.start(HOST, "branches of " + repositoryId);
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            listing.nextPage(token);
            String pageToken = token;
            ListBranchesResponse page = call("list branches of " + repositoryId,
                    () -> codeCommit.listBranches(request -> request.repositoryName(repositoryId).nextToken(pageToken)));
            listing.items(page.branches().size());
            names.addAll(page.branches());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return names.stream()
                .sorted()
                .map(branch -> new HostBranch(branch, null, branchUrl(repositoryId, branch)))
                .toList();
    }

    @Override
    public HostBranch createBranch(String repositoryId, String name, String sourceBranch) {
        String commitId = call("read branch " + sourceBranch + " of " + repositoryId,
                () -> codeCommit.getBranch(request -> request.repositoryName(repositoryId).branchName(sourceBranch))
                        .branch().commitId());
        call("create branch " + name + " in " + repositoryId,
                () -> codeCommit.createBranch(request -> request.repositoryName(repositoryId).branchName(name)
                        .commitId(commitId)));
        return new HostBranch(name, commitId, branchUrl(repositoryId, name));
    }

    @Override
    public HostPullRequest createPullRequest(String repositoryId, PullRequestDraft draft) {
        // The SDK fills in clientRequestToken, so AWS would treat an identical resend as the same request.
        PullRequest created = call("open a pull request in " + repositoryId,
                () -> codeCommit.createPullRequest(request -> request
                        .title(draft.title())
                        .description(draft.description())
                        .targets(Target.builder()
                                .repositoryName(repositoryId)
                                .sourceReference(draft.sourceBranch())
                                .destinationReference(draft.targetBranch())
                                .build()))
                        .pullRequest());
        PullRequestTarget target = created.hasPullRequestTargets() ? created.pullRequestTargets().get(0) : null;
        return new HostPullRequest(
                created.pullRequestId(),
                created.title(),
                state(created, target),
                consoleUrl(repositoryId, "/pull-requests/" + created.pullRequestId() + "/details"),
                target == null ? draft.sourceBranch() : branchName(target.sourceReference()),
                target == null ? draft.targetBranch() : branchName(target.destinationReference()));
    }

    /**
     * CodeCommit lists pull request ids only, in no stated order and without dates, so each one is read with
     * GetPullRequest and the cursor applied here. Calls: one ListPullRequests per page for each status, then one
     * GetPullRequest per pull request of the repository, whatever {@code updatedSince} is. A listing that reaches one
     * of its limits ends there with what it read.
     */
    @Override
    public List<HostPullRequestDetails> listPullRequests(String repositoryId, Instant updatedSince) {
        Listing listing = limits.start(HOST, "pull requests of " + repositoryId);
        // Open ones first: one that closes between the two listings is then seen twice rather than not at all.
        Set<String> ids = new LinkedHashSet<>();
        List<HostPullRequestDetails> found = new ArrayList<>();
        try {
            for (PullRequestStatusEnum status : List.of(PullRequestStatusEnum.OPEN, PullRequestStatusEnum.CLOSED)) {
                String token = null;
                do {
                    listing.nextPage(token);
                    String pageToken = token;
                    ListPullRequestsResponse page = call("list pull requests of " + repositoryId,
                            () -> codeCommit.listPullRequests(request -> request
                                    .repositoryName(repositoryId)
                                    .pullRequestStatus(status)
                                    .nextToken(pageToken)));
                    for (String id : page.pullRequestIds()) {
                        if (ids.add(id)) {
                            listing.items(1);
                        }
                    }
                    token = page.nextToken();
                } while (token != null && !token.isEmpty());
            }
        } catch (ListingLimitExceeded e) {
            listing.endedEarly(e, ids.size());
        }
        try {
            for (String id : ids) {
                listing.inTime();
                HostPullRequestDetails details = details(repositoryId, call("read pull request " + id,
                        () -> codeCommit.getPullRequest(request -> request.pullRequestId(id)).pullRequest()));
                if (updatedSince == null || !details.updatedAt().isBefore(updatedSince)) {
                    found.add(details);
                }
            }
        } catch (ListingLimitExceeded e) {
            listing.endedEarly(e, found.size());
        }
        found.sort(Comparator.comparing(HostPullRequestDetails::updatedAt));
        return found;
    }

    private HostPullRequestDetails details(String repositoryId, PullRequest pullRequest) {
        PullRequestTarget target = pullRequest.pullRequestTargets().stream()
                .filter(candidate -> repositoryId.equals(candidate.repositoryName()))
                .findFirst()
                .orElse(null);
        // GetPullRequest gives approval rules, not who approved, and no comments: both cost further calls.
        return new HostPullRequestDetails(
                pullRequest.pullRequestId(),
                HostLinks.pullRequestDisplayId(ProviderType.AWS_CODECOMMIT, pullRequest.pullRequestId()),
                pullRequest.title(),
                pullRequest.description(),
                state(pullRequest, target),
                consoleUrl(repositoryId, "/pull-requests/" + pullRequest.pullRequestId() + "/details"),
                target == null ? null : branchName(target.sourceReference()),
                target == null ? null : branchName(target.destinationReference()),
                pullRequest.authorArn(),
                pullRequest.lastActivityDate() == null ? pullRequest.creationDate() : pullRequest.lastActivityDate(),
                null, null);
    }

    private static String state(PullRequest pullRequest, PullRequestTarget target) {
        boolean merged = target != null && target.mergeMetadata() != null
                && Boolean.TRUE.equals(target.mergeMetadata().isMerged());
        if (merged) {
            return "MERGED";
        }
        return pullRequest.pullRequestStatus() == PullRequestStatusEnum.CLOSED ? "CLOSED" : "OPEN";
    }

    private HostRepository toRepository(RepositoryMetadata metadata) {
        String name = metadata.repositoryName();
        return new HostRepository(name, name, metadata.defaultBranch(), consoleUrl(name, "/browse"),
                metadata.cloneUrlHttp());
    }

    private String branchUrl(String repositoryId, String branch) {
        return consoleUrl(repositoryId, "/browse/refs/heads/" + UriUtils.encodePath(branch, StandardCharsets.UTF_8));
    }

    /** Repository names are limited to letters, digits, '.', '_' and '-', so they need no encoding. */
    private String consoleUrl(String repositoryName, String page) {
        String id = region.id();
        return "https://" + id + ".console.aws.amazon.com/codesuite/codecommit/repositories/" + repositoryName
                + page + "?region=" + id;
    }

    private static String branchName(String reference) {
        return reference != null && reference.startsWith(BRANCH_REF_PREFIX)
                ? reference.substring(BRANCH_REF_PREFIX.length())
                : reference;
    }

    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException failure) {
            throw failures.translate(action, failure);
        }
    }
}
