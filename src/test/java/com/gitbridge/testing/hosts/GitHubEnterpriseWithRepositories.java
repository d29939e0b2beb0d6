package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.gitbridge.testing.TestHosts;

/**
 * {@link GitHubEnterpriseHost} with what a person browsing sees too: the repository list ({@code /user/repos}: acme/api
 * and acme/web) and acme/web's branches, which include {@link #NEW_BRANCH} once someone has created it
 * ({@code POST /repos/acme/web/git/refs}).
 */
public class GitHubEnterpriseWithRepositories extends GitHubEnterpriseHost {

    public static final String NEW_BRANCH = "abc-1-fix-the-login";
    private static final String BRANCH_CREATED = "branch created";

    private final String api = prefix + "/api/v3";
    private final String scenario = "branches of " + prefix;

    /** The host's REST API root path on the test WireMock, e.g. for {@code findAll(postRequestedFor(...))}. */
    public String apiPath() {
        return api;
    }

    @Override
    public void accept(TestCredential credential, String login) {
        super.accept(credential, login);
        var auth = credential.headerValue();
        String apiUrl = TestHosts.baseUrl() + api;
        wm.stubFor(get(urlPathEqualTo(api + "/user/repos")).atPriority(5).withHeader("Authorization", auth)
                .willReturn(okJson("[" + repository("api", apiUrl) + "," + repository("web", apiUrl) + "]")));
        wm.stubFor(get(urlPathEqualTo(api + "/repos/acme/web/branches")).atPriority(5).withHeader("Authorization", auth)
                .inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(okJson("[" + branch("main") + "]")));
        wm.stubFor(get(urlPathEqualTo(api + "/repos/acme/web/branches")).atPriority(5).withHeader("Authorization", auth)
                .inScenario(scenario).whenScenarioStateIs(BRANCH_CREATED)
                .willReturn(okJson("[" + branch(NEW_BRANCH) + "," + branch("main") + "]")));
        wm.stubFor(post(urlPathEqualTo(api + "/repos/acme/web/git/refs")).atPriority(4).withHeader("Authorization", auth)
                .inScenario(scenario).willSetStateTo(BRANCH_CREATED)
                .willReturn(okJson("{\"ref\":\"refs/heads/" + NEW_BRANCH + "\",\"object\":{\"sha\":\"" + SOURCE_SHA
                        + "\",\"type\":\"commit\"}}").withStatus(201)));
    }

    private static String repository(String name, String apiUrl) {
        return """
                {"id":%d,"name":"%s","full_name":"acme/%s","default_branch":"main","owner":{"login":"acme"},
                 "html_url":"https://ghe.example/acme/%s","clone_url":"https://ghe.example/acme/%s.git",
                 "url":"%s/repos/acme/%s"}""".formatted(name.hashCode() & 0xffff, name, name, name, name, apiUrl, name);
    }

    private static String branch(String name) {
        return "{\"name\":\"" + name + "\",\"commit\":{\"sha\":\"" + SOURCE_SHA + "\"},\"protected\":false}";
    }
}
