package com.gitbridge.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.web.util.UriUtils;

/** Links to a commit, branch or new pull request on its host, from the repository's web URL; how it writes a pull request's number. */
public final class HostLinks {

    private HostLinks() {
    }

    public static String commit(ProviderType type, String repositoryUrl, String sha) {
        return switch (type.family()) {
            case GITHUB, AZURE -> repositoryUrl + "/commit/" + sha;
            case GITLAB -> repositoryUrl + "/-/commit/" + sha;
            case CODECOMMIT -> repositoryUrl.replace("/browse?", "/commit/" + sha + "?");
        };
    }

    public static String branch(ProviderType type, String repositoryUrl, String name) {
        return switch (type.family()) {
            case GITHUB -> repositoryUrl + "/tree/" + name;
            case GITLAB -> repositoryUrl + "/-/tree/" + name;
            case AZURE -> repositoryUrl + "?version=GB" + URLEncoder.encode(name, StandardCharsets.UTF_8);
            case CODECOMMIT -> repositoryUrl.replace("/browse?", "/browse/refs/heads/" + name + "?");
        };
    }

    /**
     * The host's page that opens a pull request from {@code branch} into {@code defaultBranch}; {@code null} where
     * there is none to give (CodeCommit without a default branch).
     */
    public static String createPullRequest(ProviderType type, String repositoryUrl, String branch, String defaultBranch) {
        // In a path the '/' of a branch name stays: hosts read it as part of the name there.
        String inPath = UriUtils.encodePath(branch, StandardCharsets.UTF_8);
        String inQuery = URLEncoder.encode(branch, StandardCharsets.UTF_8);
        return switch (type.family()) {
            case GITHUB -> defaultBranch == null
                    ? repositoryUrl + "/pull/new/" + inPath
                    : repositoryUrl + "/compare/" + UriUtils.encodePath(defaultBranch, StandardCharsets.UTF_8) + "..."
                            + inPath + "?expand=1";
            case GITLAB -> repositoryUrl + "/-/merge_requests/new?merge_request%5Bsource_branch%5D=" + inQuery;
            case AZURE -> repositoryUrl + "/pullrequestcreate?sourceRef=" + inQuery;
            case CODECOMMIT -> defaultBranch == null || !repositoryUrl.contains("/browse?") ? null
                    : repositoryUrl.replace("/browse?", "/pull-requests/new/refs/heads/"
                            + UriUtils.encodePath(defaultBranch, StandardCharsets.UTF_8) + "/.../refs/heads/" + inPath + "?");
        };
    }

    /** A pull request's number as its host writes it: {@code #42} on GitHub and CodeCommit, {@code !42} on GitLab and Azure. */
    public static String pullRequestDisplayId(ProviderType type, String id) {
        return switch (type.family()) {
            case GITHUB, CODECOMMIT -> "#" + id;
            case GITLAB, AZURE -> "!" + id;
        };
    }
}
