package com.gitbridge.provider.gitlab;

import jakarta.ws.rs.core.Response;

import org.gitlab4j.api.AbstractApi;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /personal_access_tokens/self} through gitlab4j's own client (same token header and timeouts), read as
 * plain JSON: gitlab4j's typed {@code PersonalAccessToken} keeps scopes in an enum that lacks most of GitLab's
 * scopes ({@code read_user}, {@code sudo}, …), so it would lose them.
 */
final class CurrentTokenApi extends AbstractApi {

    CurrentTokenApi(GitLabApi gitLabApi) {
        super(gitLabApi);
    }

    JsonNode currentToken() throws GitLabApiException {
        return get(Response.Status.OK, null, "personal_access_tokens", "self").readEntity(JsonNode.class);
    }
}
