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
 * Serves the repositories it is given, of the {@code acme} owner (main at {@link #SOURCE_SHA}), and creates any branch
 * asked for.
 */
public class GitHubEnterpriseWithLatency extends GitHubEnterpriseHost {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String api = prefix + "/api/v3";
    private final int delayMillis;
    private final List<String> repositories;

    /** @param repositories names of repositories of {@code acme} */
    public GitHubEnterpriseWithLatency(Duration latency, List<String> repositories) {
        this.delayMillis = Math.toIntExact(latency.toMillis());
        this.repositories = List.copyOf(repositories);
    }

    @Override
    public void accept(TestCredential credential, String login) {
        var auth = credential.headerValue();
        wm.stubFor(get(urlPathEqualTo(api + "/user")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(slow(okJson("{\"login\":\"" + login + "\",\"id\":1}").withHeader("X-OAuth-Scopes", "repo"))));
        // One stub per repository rather than a template: rendering costs the stub CPU the load test leaves to the app.
        for (String name : repositories) {
            wm.stubFor(get(urlPathEqualTo(api + "/repos/acme/" + name)).atPriority(5).withHeader("Authorization", auth)
                    .willReturn(slow(okJson("""
                            {"id":1,"name":"%1$s","full_name":"acme/%1$s","default_branch":"main",
                             "html_url":"https://ghe.example/acme/%1$s","clone_url":"https://ghe.example/acme/%1$s.git",
                             "url":"%2$s","owner":{"login":"acme"}}""".formatted(name, TestHosts.baseUrl() + api + "/repos/acme/" + name)))));
        }
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

    private ResponseDefinitionBuilder templated(ResponseDefinitionBuilder response) {
        return slow(response).withTransformers("response-template");
    }
}
