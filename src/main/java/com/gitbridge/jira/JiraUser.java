package com.gitbridge.jira;

import java.util.Optional;

/**
 * Who is asking: the Jira site (tenant) and, where Jira said, the user's account id. Features take this and never
 * the Connect library's types, so the same backend can later serve a Forge front.
 *
 * @param tenantId  the site's stable id (the Connect client key)
 * @param siteUrl   the site's base URL, e.g. {@code https://acme.atlassian.net}
 * @param accountId the Atlassian account id; {@code null} for an anonymous viewer
 */
public record JiraUser(String tenantId, String siteUrl, String accountId) {

    public Optional<String> account() {
        return Optional.ofNullable(accountId);
    }
}
