package com.gitbridge.provider;

/**
 * A repository on a git host.
 *
 * @param id            the host's full path: GitHub {@code owner/name}, GitLab {@code group/sub/project},
 *                      Azure DevOps / VSTS / TFS {@code project/repository}, CodeCommit the repository name
 * @param name          the short name
 * @param defaultBranch the default branch, {@code null} for an empty repository
 * @param webUrl        the repository's page on the host
 * @param cloneUrl      the HTTPS clone URL
 */
public record HostRepository(String id, String name, String defaultBranch, String webUrl, String cloneUrl) {
}
