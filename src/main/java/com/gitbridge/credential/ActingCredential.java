package com.gitbridge.credential;

import com.gitbridge.provider.GitProvider;

/**
 * The host connection that acts for one request, and whose it is.
 *
 * @param login       the host account that will show as the author
 * @param userTokenId the stored user token acting, {@code null} for the integration account
 */
public record ActingCredential(CredentialKind kind, GitProvider provider, String login, String userTokenId) {
}
