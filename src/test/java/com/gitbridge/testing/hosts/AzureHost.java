package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.canary.Canary;

/**
 * Azure DevOps ({@code /{org}}, api-version 7.1) or TFS ({@code /tfs/{collection}}, api-version 3.0):
 * {@code Authorization: Basic base64(":" + PAT)}.
 */
public class AzureHost extends SimulatedHost {

    private final ProviderType type;
    private final String root;
    private final String repo;

    public AzureHost(ProviderType type) {
        this.type = type;
        this.root = prefix + (type == ProviderType.TFS ? "/tfs/DefaultCollection" : "/acme-org");
        this.repo = root + "/Proj/_apis/git/repositories/web";
        wm.stubFor(any(urlPathMatching(prefix + "/.*")).atPriority(9).willReturn(unauthorized()));
    }

    public static AzureHost azureDevOps() {
        return new AzureHost(ProviderType.AZURE_DEVOPS);
    }

    public static AzureHost tfs() {
        return new AzureHost(ProviderType.TFS);
    }

    @Override
    public ProviderType type() {
        return type;
    }

    @Override
    public String baseUrl() {
        return TestHosts.baseUrl() + root;
    }

    @Override
    public String repository() {
        return "Proj/web";
    }

    @Override
    protected TestCredential create(String random) {
        String pat = Canary.secret("", random.substring(0, 25)) + "azpat";
        String basic = "Basic " + Base64.getEncoder().encodeToString((":" + pat).getBytes(StandardCharsets.UTF_8));
        return new TestCredential("{\"token\":\"" + pat + "\"}", pat, "Authorization", equalTo(basic));
    }

    @Override
    public void accept(TestCredential credential, String login) {
        var auth = credential.headerValue();
        String version = type.azureApiVersion();
        wm.stubFor(get(urlPathEqualTo(root + "/_apis/connectionData")).atPriority(5).withHeader("Authorization", auth)
                .withQueryParam("api-version", equalTo(version + "-preview"))
                .willReturn(okJson("""
                        {"authenticatedUser":{"id":"u-1","providerDisplayName":"%1$s",
                         "properties":{"Account":{"$type":"System.String","$value":"%1$s"}}}}""".formatted(login))));
        wm.stubFor(get(urlPathEqualTo(repo)).atPriority(5).withHeader("Authorization", auth)
                .withQueryParam("api-version", equalTo(version))
                .willReturn(okJson("""
                        {"id":"r-1","name":"web","project":{"id":"p-1","name":"Proj"},"defaultBranch":"refs/heads/main",
                         "webUrl":"https://dev.example/Proj/_git/web","remoteUrl":"https://dev.example/Proj/_git/web"}""")));
        wm.stubFor(get(urlPathEqualTo(root + "/_apis/git/repositories")).atPriority(5).withHeader("Authorization", auth)
                .withQueryParam("api-version", equalTo(version))
                .willReturn(okJson("""
                        {"count":1,"value":[{"id":"r-1","name":"web","project":{"id":"p-1","name":"Proj"},
                         "defaultBranch":"refs/heads/main","webUrl":"https://dev.example/Proj/_git/web",
                         "remoteUrl":"https://dev.example/Proj/_git/web"}]}""")));
        wm.stubFor(get(urlPathEqualTo(repo + "/refs")).atPriority(5).withHeader("Authorization", auth)
                .withQueryParam("api-version", equalTo(version))
                .willReturn(okJson("{\"count\":1,\"value\":[{\"name\":\"refs/heads/main\",\"objectId\":\"" + SOURCE_SHA + "\"}]}")));
        wm.stubFor(post(urlPathEqualTo(repo + "/refs")).atPriority(5).withHeader("Authorization", auth)
                .withQueryParam("api-version", equalTo(version))
                .willReturn(okJson("""
                        {"count":1,"value":[{"name":"refs/heads/abc-1-fix-the-login","newObjectId":"%s",
                         "oldObjectId":"0000000000000000000000000000000000000000","success":true,"updateStatus":"succeeded"}]}"""
                        .formatted(SOURCE_SHA))));
        wm.stubFor(post(urlPathEqualTo(repo + "/pullrequests")).atPriority(5).withHeader("Authorization", auth)
                .withQueryParam("api-version", equalTo(version))
                .willReturn(okJson("""
                        {"pullRequestId":42,"title":"ABC-1 Fix the login","status":"active",
                         "sourceRefName":"refs/heads/abc-1-fix-the-login","targetRefName":"refs/heads/main"}""").withStatus(201)));
    }

    @Override
    public void refuse(TestCredential credential) {
        wm.stubFor(any(urlPathMatching(prefix + "/.*")).atPriority(1)
                .withHeader("Authorization", credential.headerValue()).willReturn(unauthorized()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder unauthorized() {
        return aResponse().withStatus(401).withHeader("Content-Type", "text/plain").withBody("Unauthorized");
    }
}
