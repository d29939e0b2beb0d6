package com.gitbridge.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links to a commit or branch on its host, from the repository's web URL. */
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
}
