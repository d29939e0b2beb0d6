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

/** GitLab self-managed under a sub-path: API at {@code /gitlab/api/v4}, {@code PRIVATE-TOKEN: …}. */
public class GitLabSelfManagedHost extends SimulatedHost {

    private final String api = prefix + "/gitlab/api/v4";
    private final String project = api + "/projects/acme%2Fweb";

    public GitLabSelfManagedHost() {
        wm.stubFor(any(urlPathMatching(prefix + "/.*")).atPriority(9).willReturn(unauthorized()));
    }

    @Override
    public ProviderType type() {
        return ProviderType.GITLAB_SELF_MANAGED;
    }

    @Override
    public String baseUrl() {
        return TestHosts.baseUrl() + prefix + "/gitlab";
    }

    @Override
    public String repository() {
        return "acme/web";
    }

    @Override
    protected TestCredential create(String random) {
        String token = Canary.secret("glpat-", random.substring(0, 13));
        return new TestCredential("{\"token\":\"" + token + "\"}", token, "PRIVATE-TOKEN", equalTo(token));
    }

    @Override
    public void accept(TestCredential credential, String login) {
        var token = credential.headerValue();
        wm.stubFor(get(urlPathEqualTo(api + "/user")).atPriority(5).withHeader("PRIVATE-TOKEN", token)
                .willReturn(okJson("{\"id\":7,\"username\":\"" + login + "\"}")));
        wm.stubFor(get(urlPathEqualTo(api + "/personal_access_tokens/self")).atPriority(5).withHeader("PRIVATE-TOKEN", token)
                .willReturn(okJson("{\"id\":1,\"name\":\"t\",\"scopes\":[\"api\"],\"expires_at\":\"2099-01-01\",\"active\":true}")));
        wm.stubFor(get(urlPathEqualTo(api + "/projects")).atPriority(5).withHeader("PRIVATE-TOKEN", token)
                .willReturn(okJson("""
                        [{"id":1,"name":"web","path":"web","path_with_namespace":"acme/web","default_branch":"main",
                          "web_url":"https://gitlab.example/acme/web","http_url_to_repo":"https://gitlab.example/acme/web.git"}]""")
                        .withHeader("X-Per-Page", "100").withHeader("X-Page", "1").withHeader("X-Next-Page", "")));
        wm.stubFor(get(urlPathEqualTo(project + "/repository/branches/main")).atPriority(5).withHeader("PRIVATE-TOKEN", token)
                .willReturn(okJson("{\"name\":\"main\",\"commit\":{\"id\":\"" + SOURCE_SHA + "\"},\"web_url\":\"https://gitlab.example/acme/web/-/tree/main\"}")));
        wm.stubFor(post(urlPathEqualTo(project + "/repository/branches")).atPriority(5).withHeader("PRIVATE-TOKEN", token)
                .willReturn(okJson("{\"name\":\"abc-1-fix-the-login\",\"commit\":{\"id\":\"" + SOURCE_SHA + "\"},\"web_url\":\"https://gitlab.example/acme/web/-/tree/abc-1-fix-the-login\"}")
                        .withStatus(201)));
        wm.stubFor(post(urlPathEqualTo(project + "/merge_requests")).atPriority(5).withHeader("PRIVATE-TOKEN", token)
                .willReturn(okJson("""
                        {"id":100,"iid":5,"title":"ABC-1 Fix the login","state":"opened","web_url":"https://gitlab.example/acme/web/-/merge_requests/5",
                         "source_branch":"abc-1-fix-the-login","target_branch":"main"}""").withStatus(201)));
    }

    @Override
    public void refuse(TestCredential credential) {
        wm.stubFor(any(urlPathMatching(prefix + "/.*")).atPriority(1)
                .withHeader("PRIVATE-TOKEN", credential.headerValue()).willReturn(unauthorized()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder unauthorized() {
        return aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"401 Unauthorized\"}");
    }
}
