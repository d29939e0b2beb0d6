package com.gitbridge.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.gitbridge.provider.azure.AzureProviderFailureTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.Test;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.PullRequestDraft;
import com.github.tomakehurst.wiremock.client.WireMock;

class AzureProviderFactoryTest extends AzureWireMockTest {

    @Test
    void supportsAzureDevOpsVstsAndTfs() {
        assertThat(factory.supportedTypes())
                .containsExactlyInAnyOrder(ProviderType.AZURE_DEVOPS, ProviderType.VSTS, ProviderType.TFS);
    }

    @ForEachAzureType
    void connectRefusesAnAwsAccessKey(ProviderType type) {
        assertThatIllegalArgumentException().isThrownBy(() -> factory.connect(
                HostEndpoint.of(type, wm.baseUrl(), null), new Credential.AwsAccessKey("AKIAEXAMPLE", Canary.secret("", "secret"))));
    }

    @ForEachAzureType
    void connectRefusesAnEndpointWithoutABaseUrl(ProviderType type) {
        assertThatIllegalArgumentException().isThrownBy(() -> factory.connect(
                HostEndpoint.of(type, null, null), new Credential.Token(ALICE_PAT)));
    }

    @Test
    void connectRefusesAHostOfAnotherFamily() {
        assertThatIllegalArgumentException().isThrownBy(() -> factory.connect(
                HostEndpoint.of(ProviderType.GITHUB, null, null), new Credential.Token(ALICE_PAT)));
    }

    @ForEachAzureType
    void twoProvidersFromOneFactoryEachSendOnlyTheirOwnCredential(ProviderType type) {
        String path = root(type) + "/_apis/connectionData";
        wm.stubFor(WireMock.get(urlPathEqualTo(path)).withHeader("Authorization", equalTo(ALICE_AUTH))
                .willReturn(okJson(identity("alice@fabrikam.example"))));
        wm.stubFor(WireMock.get(urlPathEqualTo(path)).withHeader("Authorization", equalTo(BOB_AUTH))
                .willReturn(okJson(identity("bob@fabrikam.example"))));
        GitProvider alice = connect(type, ALICE_PAT);
        GitProvider bob = connect(type, BOB_PAT);

        String first = alice.validate().login();
        String second = bob.validate().login();
        String third = alice.validate().login();

        assertThat(List.of(first, second, third))
                .containsExactly("alice@fabrikam.example", "bob@fabrikam.example", "alice@fabrikam.example");
        wm.verify(2, getRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", equalTo(ALICE_AUTH)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", equalTo(BOB_AUTH)));
        wm.verify(3, getRequestedFor(urlPathEqualTo(path)));
    }

    @ForEachAzureType
    void theTokenTravelsOnlyInTheBasicAuthorizationHeader(ProviderType type) {
        wm.stubFor(WireMock.get(urlPathMatching(".*")).willReturn(okJson("{\"count\":0,\"value\":[]}")));

        connect(type).listRepositories(null);

        var requests = wm.findAll(getRequestedFor(urlPathMatching(".*")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Authorization")).isEqualTo(ALICE_AUTH);
        assertThat(requests.get(0).getUrl()).doesNotContain(ALICE_PAT).doesNotContain("OmFsaWNl");
    }

    @ForEachAzureType
    void failureMessagesNeverHoldTheToken(ProviderType type) {
        stubRepository(type);
        for (int status : new int[] {203, 302, 400, 401, 403, 404, 409, 429, 500}) {
            wm.stubFor(apiPost(type, REPO_PATH + "/pullrequests").willReturn(aResponse().withStatus(status)
                    .withHeader("Location", wm.baseUrl() + "/_signin")
                    .withHeader("Content-Type", "application/json").withBody("{\"message\":\"refused\"}")));

            ProviderException e = failure(() -> connect(type).createPullRequest(REPO_ID,
                    new PullRequestDraft("a", "b", "t", null)));

            assertThat(e.getMessage()).as("message for %d", status)
                    .doesNotContain(ALICE_PAT).doesNotContain(ALICE_AUTH.substring("Basic ".length()));
        }
    }

    private static String identity(String account) {
        return """
                {"authenticatedUser":{"id":"6c1b","providerDisplayName":"Someone",
                  "properties":{"Account":{"$type":"System.String","$value":"%s"}}}}""".formatted(account);
    }
}
