package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.gitbridge.testing.TestHosts;

/**
 * {@link GitHubEnterpriseHost} as a host far away: every answer to an accepted credential comes after a fixed delay.
 * Serves every repository of the {@code acme} owner (main at {@link #SOURCE_SHA}) and creates any branch asked for.
 */
public class GitHubEnterpriseWithLatency extends GitHubEnterpriseHost {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String api = prefix + "/api/v3";
    private final int delayMillis;

    public GitHubEnterpriseWithLatency(Duration latency) {
        this.delayMillis = Math.toIntExact(latency.toMillis());
    }

    @Override
    public void accept(TestCredential credential, String login) {
        var auth = credential.headerValue();
        // path segments: host-…, api, v3, repos, acme, {name}
        String repositoryUrl = TestHosts.baseUrl() + api + "/repos/acme/{{request.pathSegments.[5]}}";
        wm.stubFor(get(urlPathEqualTo(api + "/user")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(slow(okJson("{\"login\":\"" + login + "\",\"id\":1}").withHeader("X-OAuth-Scopes", "repo"))));
        wm.stubFor(get(urlPathMatching(api + "/repos/acme/[^/]+")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(templated(okJson("""
                        {"id":1,"name":"{{request.pathSegments.[5]}}","full_name":"acme/{{request.pathSegments.[5]}}",
                         "default_branch":"main","html_url":"https://ghe.example/acme/{{request.pathSegments.[5]}}",
                         "clone_url":"https://ghe.example/acme/{{request.pathSegments.[5]}}.git",
                         "url":"%s","owner":{"login":"acme"}}""".formatted(repositoryUrl)))));
        wm.stubFor(get(urlPathMatching(api + "/repos/acme/[^/]+/git/refs/heads/main")).atPriority(5)
                .withHeader("Authorization", auth)
                .willReturn(slow(okJson("{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"" + SOURCE_SHA
                        + "\",\"type\":\"commit\"}}"))));
        wm.stubFor(post(urlPathMatching(api + "/repos/acme/[^/]+/git/refs")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(templated(okJson("{\"ref\":\"{{jsonPath request.body '$.ref'}}\",\"object\":{\"sha\":\""
                        + SOURCE_SHA + "\",\"type\":\"commit\"}}").withStatus(201))));
    }

    /** The branch names of every create request the host received, in order, repeats included. */
    public List<String> branchesCreated() {
        return wm.findAll(postRequestedFor(urlPathMatching(api + "/repos/acme/[^/]+/git/refs"))).stream()
                .map(request -> {
                    try {
                        return JSON.readTree(request.getBodyAsString()).path("ref").asText().replaceFirst("^refs/heads/", "");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private ResponseDefinitionBuilder slow(ResponseDefinitionBuilder response) {
        return response.withFixedDelay(delayMillis);
    }

    /** Rendering a template costs the stub CPU that the load test would rather leave to the app: only where needed. */
    private ResponseDefinitionBuilder templated(ResponseDefinitionBuilder response) {
        return slow(response).withTransformers("response-template");
    }
}
