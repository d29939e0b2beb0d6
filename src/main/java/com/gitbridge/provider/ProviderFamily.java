package com.gitbridge.provider;

/** Host families that share one adapter implementation. */
public enum ProviderFamily {
    GITHUB, GITLAB, AZURE, CODECOMMIT
}
