package com.gitbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Jira's REST API for one test site: who is an administrator, who may view development tools where. */
public final class JiraStub {

    private final WireMockServer server = TestHosts.server();
    private final String sitePath;
    private final int delayMillis;

    public JiraStub(String sitePath) {
        this(sitePath, Duration.ZERO);
    }

    /** A site that answers every call after {@code latency}, as a Jira across the internet. */
    public JiraStub(String sitePath, Duration latency) {
        this.sitePath = sitePath;
        this.delayMillis = Math.toIntExact(latency.toMillis());
        server.stubFor(post(urlPathEqualTo(sitePath + "/rest/api/3/permissions/check")).atPriority(10)
                .willReturn(json("{\"globalPermissions\":[],\"projectPermissions\":[]}")));
    }

    public String siteUrl() {
        return TestHosts.baseUrl() + sitePath;
    }

    public String permissionCheckPath() {
        return sitePath + "/rest/api/3/permissions/check";
    }

    public JiraStub administrator(String accountId) {
        server.stubFor(post(urlPathEqualTo(permissionCheckPath())).atPriority(1)
                .withRequestBody(matchingJsonPath("$.accountId", containing(accountId)))
                .withRequestBody(containing("ADMINISTER"))
                .willReturn(json("{\"globalPermissions\":[\"ADMINISTER\"],\"projectPermissions\":[]}")));
        return this;
    }

    public JiraStub developer(String accountId, long projectId) {
        server.stubFor(post(urlPathEqualTo(permissionCheckPath())).atPriority(1)
                .withRequestBody(matchingJsonPath("$.accountId", containing(accountId)))
                .withRequestBody(containing("VIEW_DEV_TOOLS"))
                .willReturn(json("{\"globalPermissions\":[],\"projectPermissions\":[{\"permission\":\"VIEW_DEV_TOOLS\",\"issues\":[],\"projects\":["
                        + projectId + "]}]}")));
        return this;
    }

    /** The issue as {@code GET /rest/api/3/issue/{key}?fields=summary,project} answers it. */
    public JiraStub issue(String key, String summary, long projectId, String projectKey) {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(sitePath + "/rest/api/3/issue/" + key))
                .willReturn(json("{\"id\":\"10001\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"" + summary
                        + "\",\"project\":{\"id\":\"" + projectId + "\",\"key\":\"" + projectKey + "\"}}}")));
        return this;
    }

    /** Every issue {@code projectKey-n} exists in the project, with the summary "Issue". */
    public JiraStub issuesOf(String projectKey, long projectId) {
        // path segments: the site path's, then rest, api, 3, issue, {key}
        int keySegment = sitePath.split("/").length - 1 + 4;
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(sitePath + "/rest/api/3/issue/" + projectKey + "-[0-9]+"))
                .willReturn(json("{\"id\":\"10001\",\"key\":\"{{request.pathSegments.[" + keySegment
                        + "]}}\",\"fields\":{\"summary\":\"Issue\",\"project\":{\"id\":\"" + projectId
                        + "\",\"key\":\"" + projectKey + "\"}}}").withTransformers("response-template")));
        return this;
    }

    private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)
                .withFixedDelay(delayMillis);
    }
}
