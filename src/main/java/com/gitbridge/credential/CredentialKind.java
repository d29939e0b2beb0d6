package com.gitbridge.credential;

/** Whose credential acted on the host; the names are the contract's {@code createdWith}. */
public enum CredentialKind {
    USER_PAT, INTEGRATION_ACCOUNT
}
