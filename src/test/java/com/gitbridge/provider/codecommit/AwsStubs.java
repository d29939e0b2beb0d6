package com.gitbridge.provider.codecommit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** What AWS CodeCommit (JSON 1.1) and STS (query protocol) look like on the wire, for WireMock. */
final class AwsStubs {

    static final String REGION = "eu-west-1";
    static final HostEndpoint ENDPOINT = HostEndpoint.of(ProviderType.AWS_CODECOMMIT, null, REGION);
    static final Credential.AwsAccessKey ALICE =
            new Credential.AwsAccessKey("AKIAALICE0EXAMPLE000", Canary.secret("alice", "wJalrXUtnFEMI/K7MDENG/bPxRf"));
    static final Credential.AwsAccessKey BOB =
            new Credential.AwsAccessKey("AKIABOB000EXAMPLE000", Canary.secret("bob", "wJalrXUtnFEMI/K7MDENG/bPxRfiC"));
    /** Short enough that a 1.5 s answer times out, and the API call budget (connect + read) is 2 s. */
    static final ProviderTimeouts SHORT_TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
    /** For everything else, so a cold WireMock on a busy machine does not time out. */
    private static final ProviderTimeouts TIMEOUTS =
            new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

    private static final String TARGET_PREFIX = "CodeCommit_20150413.";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsStubs() {
    }

    static CodeCommitProviderFactory factory(WireMockExtension wm) {
        return new CodeCommitProviderFactory(TIMEOUTS, TestOutbound.ALLOW_LOCAL, wm.baseUrl());
    }

    static CodeCommitProviderFactory factoryWithShortTimeouts(WireMockExtension wm) {
        return new CodeCommitProviderFactory(SHORT_TIMEOUTS, TestOutbound.ALLOW_LOCAL, wm.baseUrl());
    }

    /** A CodeCommit operation: always {@code POST /}, the operation named in X-Amz-Target. */
    static MappingBuilder codeCommit(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation));
    }

    static RequestPatternBuilder codeCommitCalled(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation));
    }

    static MappingBuilder getCallerIdentity() {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"));
    }

    static RequestPatternBuilder getCallerIdentityCalled() {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON_1_1).withBody(body);
    }

    /** An AWS JSON-protocol error: the SDK picks the exception from {@code __type}. */
    static ResponseDefinitionBuilder awsError(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", JSON_1_1)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    static ResponseDefinitionBuilder callerIdentity(String arn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>%s</Arn>
                    <UserId>AIDAEXAMPLEUSERID0000</UserId>
                    <Account>123456789012</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
                </GetCallerIdentityResponse>
                """.formatted(arn));
    }

    static ResponseDefinitionBuilder stsError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
                </ErrorResponse>
                """.formatted(code, message));
    }

    static String repositoryMetadata(String name, String defaultBranch) {
        String branch = defaultBranch == null ? "" : "\"defaultBranch\":\"" + defaultBranch + "\",";
        return """
                {"repositoryName":"%1$s","repositoryId":"id-%1$s","accountId":"123456789012",%2$s
                 "cloneUrlHttp":"https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/%1$s",
                 "cloneUrlSsh":"ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/%1$s",
                 "Arn":"arn:aws:codecommit:eu-west-1:123456789012:%1$s"}""".formatted(name, branch);
    }

    /** The SigV4 header of {@code key} for {@code service} in the test region. */
    static String sigV4(Credential.AwsAccessKey key, String service) {
        return "AWS4-HMAC-SHA256 Credential=" + key.accessKeyId() + "/\\d{8}/" + REGION + "/" + service
                + "/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}";
    }

    static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError("request body is not JSON: " + request.getBodyAsString(), e);
        }
    }

    static List<String> texts(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
