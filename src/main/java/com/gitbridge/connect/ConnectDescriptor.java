package com.gitbridge.connect;

/** Names fixed by the descriptor ({@code atlassian-connect.json}) that code refers to. */
public final class ConnectDescriptor {

    public static final String ADDON_KEY = "git-bridge-for-jira";
    public static final String USER_SETTINGS_PAGE_KEY = "user-settings";
    /** The page the development tool's {@code createBranch} action opens, in a browser tab. */
    public static final String CREATE_BRANCH_PAGE_PATH = "/pages/create-branch";
    static final String INSTALLED_PATH = "/installed";
    static final String UNINSTALLED_PATH = "/uninstalled";

    private ConnectDescriptor() {
    }

    /** The user-settings page inside Jira, for a link that opens it from anywhere in the site. */
    public static String userSettingsUrl(String siteUrl) {
        return siteUrl + "/plugins/servlet/ac/" + ADDON_KEY + "/" + USER_SETTINGS_PAGE_KEY;
    }
}
