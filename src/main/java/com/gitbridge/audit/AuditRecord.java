package com.gitbridge.audit;

/**
 * One create attempt.
 *
 * @param target         the branch name or pull request title asked for
 * @param credentialKind {@code USER_PAT} or {@code INTEGRATION_ACCOUNT}
 * @param outcome        {@code CREATED}, or the problem code that refused it (e.g. {@code USER_PAT_REQUIRED})
 */
public record AuditRecord(String tenantId, String accountId, String integrationId, String repository, Action action,
                          String target, String credentialKind, String hostLogin, String outcome, String detail) {

    public enum Action {
        CREATE_BRANCH, CREATE_PULL_REQUEST
    }
}
