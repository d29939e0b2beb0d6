package com.gitbridge.provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The host's own page where a user creates a personal access token, prefilled where the host allows it. */
public final class NewTokenPage {

    private static final String TOKEN_NAME = URLEncoder.encode("Git Bridge for Jira", StandardCharsets.UTF_8).replace("+", "%20");

    private NewTokenPage() {
    }

    public static String url(HostEndpoint endpoint) {
        String base = endpoint.baseUrl();
        return switch (endpoint.type()) {
            case GITHUB, GITHUB_ENTERPRISE -> webRoot(base) + "/settings/tokens/new?scopes=repo&description=" + TOKEN_NAME;
            case GITLAB, GITLAB_SELF_MANAGED -> base + "/-/user_settings/personal_access_tokens?name=" + TOKEN_NAME + "&scopes=api";
            case AZURE_DEVOPS, VSTS -> base + "/_usersSettings/tokens";
            case TFS -> base + "/_details/security/tokens";
            case AWS_CODECOMMIT -> "https://console.aws.amazon.com/iam/home?region=" + endpoint.region() + "#/security_credentials";
        };
    }

    /** GitHub.com's token page is on github.com even though its API is api.github.com. */
    private static String webRoot(String base) {
        URI uri = URI.create(base);
        return "api.github.com".equals(uri.getHost()) ? "https://github.com" : base;
    }
}
