package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.Locale;

import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.gitbridge.provider.ProviderType;

/**
 * AWS CodeCommit (JSON 1.1, {@code X-Amz-Target}) and STS (query protocol) at the app's endpoint override, SigV4
 * signed. All simulations share {@code POST /}; each keeps to its own access key ids.
 */
public class CodeCommitHost extends SimulatedHost {

    private static final String JSON_1_1 = "application/x-amz-json-1.1";

    static {
        // Requests with keys nobody accepted: what AWS answers an unknown access key.
        com.gitbridge.testing.TestHosts.server().stubFor(post(urlEqualTo("/")).atPriority(9)
                .willReturn(awsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.")));
    }

    @Override
    public ProviderType type() {
        return ProviderType.AWS_CODECOMMIT;
    }

    @Override
    public String baseUrl() {
        return null;
    }

    @Override
    public String region() {
        return "eu-west-1";
    }

    @Override
    public String repository() {
        return "web";
    }

    @Override
    protected TestCredential create(String random) {
        String keyId = "AKIA" + random.substring(0, 16).toUpperCase(Locale.ROOT);
        String secret = Canary.secret("wJalrXUtnFEMI/K7MDENG/", random.substring(0, 25));
        return new TestCredential("{\"accessKeyId\":\"" + keyId + "\",\"secretAccessKey\":\"" + secret + "\"}", secret,
                "Authorization", containing("Credential=" + keyId + "/"));
    }

    private MappingBuilder codeCommit(TestCredential credential, String operation, int priority) {
        return post(urlEqualTo("/")).atPriority(priority)
                .withHeader("Authorization", credential.headerValue())
                .withHeader("X-Amz-Target", equalTo("CodeCommit_20150413." + operation));
    }

    @Override
    public void accept(TestCredential credential, String login) {
        wm.stubFor(post(urlEqualTo("/")).atPriority(5).withHeader("Authorization", credential.headerValue())
                .withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>
                          <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                        </GetCallerIdentityResponse>""".formatted(login))));
        wm.stubFor(codeCommit(credential, "ListRepositories", 5).willReturn(json("{\"repositories\":[]}")));
        wm.stubFor(codeCommit(credential, "GetBranch", 5)
                .willReturn(json("{\"branch\":{\"branchName\":\"main\",\"commitId\":\"" + SOURCE_SHA + "\"}}")));
        wm.stubFor(codeCommit(credential, "CreateBranch", 5).willReturn(json("{}")));
        wm.stubFor(codeCommit(credential, "CreatePullRequest", 5).willReturn(json("""
                {"pullRequest":{"pullRequestId":"7","title":"ABC-1 Fix the login","pullRequestStatus":"OPEN",
                 "pullRequestTargets":[{"repositoryName":"web","sourceReference":"refs/heads/abc-1-fix-the-login",
                 "destinationReference":"refs/heads/main","mergeMetadata":{"isMerged":false}}]}}""")));
    }

    @Override
    public void refuse(TestCredential credential) {
        wm.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("Authorization", credential.headerValue())
                .withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>
                          <RequestId>1</RequestId>
                        </ErrorResponse>""")));
        wm.stubFor(post(urlEqualTo("/")).atPriority(2).withHeader("Authorization", credential.headerValue())
                .withHeader("X-Amz-Target", containing("CodeCommit_20150413."))
                .willReturn(awsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.")));
    }

    @Override
    public ResponseDefinitionBuilder rateLimited(int seconds) {
        return awsError(400, "ThrottlingException", "Rate exceeded").withHeader("Retry-After", String.valueOf(seconds));
    }

    @Override
    protected MappingBuilder anyApiCallWith(TestCredential credential) {
        return post(urlEqualTo("/")).withHeader("Authorization", credential.headerValue())
                .withHeader("X-Amz-Target", containing("CodeCommit_20150413."));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON_1_1).withBody(body);
    }

    private static ResponseDefinitionBuilder awsError(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", JSON_1_1)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }
}
