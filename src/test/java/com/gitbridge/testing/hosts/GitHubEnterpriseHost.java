package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.canary.Canary;

/** GitHub Enterprise Server: REST API under {@code /api/v3}, {@code Authorization: token …}. */
public class GitHubEnterpriseHost extends SimulatedHost {

    private final String api = prefix + "/api/v3";

    public GitHubEnterpriseHost() {
        wm.stubFor(any(urlPathMatching(prefix + "/.*")).atPriority(9).willReturn(unauthorized()));
    }

    @Override
    public ProviderType type() {
        return ProviderType.GITHUB_ENTERPRISE;
    }

    @Override
    public String baseUrl() {
        return TestHosts.baseUrl() + prefix;
    }

    @Override
    public String repository() {
        return "acme/web";
    }

    @Override
    protected TestCredential create(String random) {
        String token = Canary.secret("ghp_", random.substring(0, 25));
        return new TestCredential("{\"token\":\"" + token + "\"}", token, "Authorization", equalTo("token " + token));
    }

    @Override
    public void accept(TestCredential credential, String login) {
        var auth = credential.headerValue();
        wm.stubFor(get(urlPathEqualTo(api + "/user")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson("{\"login\":\"" + login + "\",\"id\":1}").withHeader("X-OAuth-Scopes", "repo")));
        String repository = """
                {"id":1,"name":"web","full_name":"acme/web","default_branch":"main",
                 "html_url":"https://ghe.example/acme/web","clone_url":"https://ghe.example/acme/web.git",
                 "url":"%s/repos/acme/web","owner":{"login":"acme"}}""".formatted(TestHosts.baseUrl() + api);
        wm.stubFor(get(urlPathEqualTo(api + "/repos/acme/web")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson(repository)));
        wm.stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson("[" + repository + "]")));
        wm.stubFor(get(urlPathEqualTo(api + "/repos/acme/web/git/refs/heads/main")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson("{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"" + SOURCE_SHA + "\",\"type\":\"commit\"}}")));
        wm.stubFor(post(urlPathEqualTo(api + "/repos/acme/web/git/refs")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson("{\"ref\":\"refs/heads/abc-1-fix-the-login\",\"object\":{\"sha\":\"" + SOURCE_SHA + "\",\"type\":\"commit\"}}")
                        .withStatus(201)));
        wm.stubFor(post(urlPathEqualTo(api + "/repos/acme/web/pulls")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson("""
                        {"number":42,"title":"ABC-1 Fix the login","state":"open","html_url":"https://ghe.example/acme/web/pull/42",
                         "head":{"ref":"abc-1-fix-the-login"},"base":{"ref":"main"}}""").withStatus(201)));
    }

    @Override
    public void refuse(TestCredential credential) {
        wm.stubFor(any(urlPathMatching(prefix + "/.*")).atPriority(1)
                .withHeader("Authorization", credential.headerValue()).willReturn(unauthorized()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder unauthorized() {
        return aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Bad credentials\"}");
    }
}
