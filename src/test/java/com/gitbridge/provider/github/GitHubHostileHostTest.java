package com.gitbridge.provider.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * A GitHub Enterprise host that answers anything: github-api follows its pagination links to any absolute URL,
 * but the app's requests go to the integration's API origin only, so another server it names hears nothing.
 */
class GitHubHostileHostTest {

    @RegisterExtension
    static WireMockExtension hostile = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("ghp_", "hostileHostToken000000000001");
    private static final GitHubProviderFactory FACTORY = new GitHubProviderFactory(
            new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)), TestOutbound.ALLOW_LOCAL);

    private final GitProvider provider = FACTORY.connect(
            HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, hostile.baseUrl(), null), new Credential.Token(TOKEN));

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** {@code elsewhere} on another port of the same name, or under another name for the same machine. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void aRepositoryListingThatLinksElsewhereStopsBeforeSendingAnything(String otherHost) {
        hostile.stubFor(get(urlPathEqualTo("/api/v3/user")).willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")));
        hostile.stubFor(get(urlPathEqualTo("/api/v3/user/repos")).willReturn(okJson("[" + repository("web") + "]")
                .withHeader("Link", "<" + elsewhere(otherHost) + "/api/v3/user/repos?page=2>; rel=\"next\"")));

        assertRefusedWithoutReachingElsewhere(() -> provider.listRepositories(null));
    }

    @Test
    void aPullRequestListingThatLinksElsewhereStopsBeforeSendingAnything() {
        hostile.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/web")).willReturn(okJson(repository("web"))));
        hostile.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/web/pulls")).willReturn(okJson("[" + PULL + "]")
                .withHeader("Link", "<" + elsewhere("localhost") + "/api/v3/repos/acme/web/pulls?page=2>; rel=\"next\"")));

        assertRefusedWithoutReachingElsewhere(() -> provider.listPullRequests("acme/web", null));
    }

    @Test
    void aBranchListingThatLinksElsewhereStopsBeforeSendingAnything() {
        hostile.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/web")).willReturn(okJson(repository("web"))));
        hostile.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/web/branches")).willReturn(okJson("[]")
                .withHeader("Link", "<" + elsewhere("localhost") + "/api/v3/repos/acme/web/branches?page=2>; rel=\"next\"")));

        assertRefusedWithoutReachingElsewhere(() -> provider.listBranches("acme/web"));
    }

    /** 20 KB that unpack to 11 MB: the limit holds for what github-api unpacks, not only for what came in. */
    @Test
    void aCompressedAnswerThatUnpacksPastTheLimitIsCutOff() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            byte[] spaces = " ".repeat(1024 * 1024).getBytes();
            for (int i = 0; i < 11; i++) {
                gzip.write(spaces);
            }
            gzip.write("{\"login\":\"octocat\"}".getBytes());
        }
        hostile.stubFor(get(urlPathEqualTo("/api/v3/user")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip")
                .withBody(packed.toByteArray())));

        ProviderException failure = catchThrowableOfType(ProviderException.class, provider::validate);

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HOST_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("exceeded 10 MB");
    }

    private static void assertRefusedWithoutReachingElsewhere(Runnable listing) {
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("[" + repository("stolen") + "]")));

        ProviderException failure = catchThrowableOfType(ProviderException.class, listing::run);

        assertThat(failure).as("a ProviderException").isNotNull();
        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED);
        assertThat(failure.getMessage()).contains("linked to another origin").doesNotContain(TOKEN)
                .doesNotContain(String.valueOf(elsewhere.getPort()));
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private static final String PULL = """
            {"number":7,"state":"open","title":"ABC-7 title","body":"","html_url":"https://ghe.example/acme/web/pull/7",
             "created_at":"2024-01-01T00:00:00Z","updated_at":"2024-05-03T10:00:00Z","merged_at":null,
             "user":{"login":"alice","id":1},"head":{"ref":"abc-7","sha":"abc7"},"base":{"ref":"main","sha":"def456"}}""";

    private static String elsewhere(String host) {
        return "http://" + host + ":" + elsewhere.getPort();
    }

    private static String repository(String name) {
        return """
                {"id":1,"name":"%1$s","full_name":"acme/%1$s","default_branch":"main",
                 "html_url":"https://ghe.example/acme/%1$s","clone_url":"https://ghe.example/acme/%1$s.git"}"""
                .formatted(name);
    }
}
