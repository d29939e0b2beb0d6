package com.gitbridge.provider;

/**
 * The eight kinds of git host an integration can point at. The names are part of the external contract.
 */
public enum ProviderType {
    GITHUB(ProviderFamily.GITHUB, "GitHub.com", "https://github.com"),
    GITHUB_ENTERPRISE(ProviderFamily.GITHUB, "GitHub Enterprise", null),
    GITLAB(ProviderFamily.GITLAB, "GitLab.com", "https://gitlab.com"),
    GITLAB_SELF_MANAGED(ProviderFamily.GITLAB, "GitLab self-managed", null),
    AZURE_DEVOPS(ProviderFamily.AZURE, "Azure DevOps", null),
    VSTS(ProviderFamily.AZURE, "Visual Studio Team Services", null),
    TFS(ProviderFamily.AZURE, "Team Foundation Server 2017+", null),
    AWS_CODECOMMIT(ProviderFamily.CODECOMMIT, "AWS CodeCommit", null);

    private final ProviderFamily family;
    private final String displayName;
    private final String defaultBaseUrl;

    ProviderType(ProviderFamily family, String displayName, String defaultBaseUrl) {
        this.family = family;
        this.displayName = displayName;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public ProviderFamily family() {
        return family;
    }

    public String displayName() {
        return displayName;
    }

    /** The base URL used when the admin gives none; {@code null} where the admin must give one. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** CodeCommit is addressed by region, every other host by URL. */
    public boolean usesRegion() {
        return family == ProviderFamily.CODECOMMIT;
    }

    public boolean requiresBaseUrl() {
        return !usesRegion() && defaultBaseUrl == null;
    }

    /** Azure DevOps REST api-version this type speaks; {@code null} for non-Azure hosts. */
    public String azureApiVersion() {
        return switch (this) {
            case AZURE_DEVOPS, VSTS -> "7.1";
            case TFS -> "3.0";
            default -> null;
        };
    }
}
