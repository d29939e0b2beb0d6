package com.gitbridge.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** WireMock standing in for the three Azure host types, each at the path its real API lives under. */
abstract class AzureWireMockTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String ALICE_PAT = Canary.secret("alice-pat-", "1234567890");
    /** {@code "Basic " + base64(":" + ALICE_PAT)}, written out so the test does not share the code it checks. */
    static final String ALICE_AUTH = "Basic OmFsaWNlLXBhdC1DQU5BUlk3MTIzNDU2Nzg5MA==";
    static final String BOB_PAT = Canary.secret("bob-pat-", "0987654321");
    static final String BOB_AUTH = "Basic OmJvYi1wYXQtQ0FOQVJZNzA5ODc2NTQzMjE=";

    static final String REPO_ID = "Fabrikam Fiber/Web App";
    /** {@link #REPO_ID} as the host's repository path, names encoded. */
    static final String REPO_PATH = "/Fabrikam%20Fiber/_apis/git/repositories/Web%20App";
    static final String SHA = "4f0c3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f";

    final AzureProviderFactory factory =
            new AzureProviderFactory(new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    TestOutbound.ALLOW_LOCAL);

    /** Runs a test once for each Azure host type. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProviderType.class, names = {"AZURE_DEVOPS", "VSTS", "TFS"})
    @interface ForEachAzureType {
    }

    /** Where each type's API lives: {@code dev.azure.com/{org}}, {@code {org}.visualstudio.com}, {@code host/tfs/{collection}}. */
    static String root(ProviderType type) {
        return switch (type) {
            case AZURE_DEVOPS -> "/fabrikam";
            case VSTS -> "";
            case TFS -> "/tfs/DefaultCollection";
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    static String apiVersion(ProviderType type) {
        return type == ProviderType.TFS ? "3.0" : "7.1";
    }

    static String previewApiVersion(ProviderType type) {
        return type == ProviderType.TFS ? "3.0-preview" : "7.1-preview";
    }

    static String webUrl(ProviderType type) {
        return "https://code.example" + root(type) + "/Fabrikam%20Fiber/_git/Web%20App";
    }

    GitProvider connect(ProviderType type) {
        return connect(type, ALICE_PAT);
    }

    GitProvider connect(ProviderType type, String pat) {
        return factory.connect(HostEndpoint.of(type, wm.baseUrl() + root(type), null), new Credential.Token(pat));
    }

    /** A GET of the type's API that only matches with the type's api-version and Alice's credential. */
    static MappingBuilder apiGet(ProviderType type, String path) {
        return WireMock.get(urlPathEqualTo(root(type) + path))
                .withQueryParam("api-version", equalTo(apiVersion(type)))
                .withHeader("Authorization", equalTo(ALICE_AUTH));
    }

    static MappingBuilder apiPost(ProviderType type, String path) {
        return WireMock.post(urlPathEqualTo(root(type) + path))
                .withQueryParam("api-version", equalTo(apiVersion(type)))
                .withHeader("Authorization", equalTo(ALICE_AUTH));
    }

    static void stubRepository(ProviderType type) {
        wm.stubFor(apiGet(type, REPO_PATH).willReturn(okJson(
                repositoryJson("Fabrikam Fiber", "Web App", "refs/heads/main", webUrl(type)))));
    }

    static String repositoryJson(String project, String name, String defaultBranch, String webUrl) {
        return """
                {"id":"%s","name":"%s","project":{"id":"p-%s","name":"%s"},%s
                 "webUrl":"%s","remoteUrl":"https://fabrikam@code.example/%s/_git/%s"}"""
                .formatted("id-" + name, name, project, project,
                        defaultBranch == null ? "" : "\"defaultBranch\":\"" + defaultBranch + "\",",
                        webUrl, project.replace(" ", "%20"), name.replace(" ", "%20"));
    }

    static String refJson(String name, String sha) {
        return "{\"name\":\"refs/heads/%s\",\"objectId\":\"%s\"}".formatted(name, sha);
    }
}
