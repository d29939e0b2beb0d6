package com.gitbridge.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URISyntaxException;
import java.util.List;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.gitbridge.outbound.Origin;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Git fetches a host's repository in the smart HTTP protocol only. A server that answers in the dumb protocol would
 * have JGit read objects from wherever it says, {@code objects/info/http-alternates} included: the fetch stops at
 * the refs, and neither the server's object paths nor the alternate it names are asked for anything.
 */
class SmartHttpOnlyTest {

    @RegisterExtension
    static WireMockExtension dumb = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension alternate = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = Canary.secret("ghp_", "smartHttpOnlyToken00000000001");
    private static final String COMMIT = "7c8a9a5b0e4f4d1d9e9c7b6a5f4e3d2c1b0a9f8e";

    @Test
    void aServerAnsweringInTheDumbProtocolIsRefusedAfterTheRefs() {
        String repository = "/acme/web.git";
        dumb.stubFor(get(urlPathEqualTo(repository + "/info/refs"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withBody(COMMIT + "\trefs/heads/main\n")));
        dumb.stubFor(get(urlPathEqualTo(repository + "/HEAD")).willReturn(aResponse().withBody("ref: refs/heads/main\n")));
        dumb.stubFor(get(urlPathEqualTo(repository + "/objects/info/packs")).willReturn(aResponse().withBody("")));
        dumb.stubFor(get(urlPathEqualTo(repository + "/objects/info/http-alternates"))
                .willReturn(aResponse().withBody(alternate.baseUrl() + "/stolen.git/objects\n")));
        dumb.stubFor(get(urlPathMatching(repository + "/objects/[0-9a-f]{2}/.*")).willReturn(aResponse().withStatus(404)));
        String cloneUrl = dumb.baseUrl() + repository;

        ProviderException failure = fetch(cloneUrl);

        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED);
        assertThat(failure.getMessage()).contains("smart HTTP protocol").doesNotContain(TOKEN);
        assertThat(dumb.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
                .containsExactly(repository + "/info/refs?service=git-upload-pack");
        assertThat(alternate.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aCloneUrlElsewhereThanTheHostIsRefusedBeforeAnyFetch() {
        assertThatThrownBy(() -> TestOutbound.git().withPassword(alternate.baseUrl() + "/acme/web.git",
                List.of(Origin.required(dumb.baseUrl())), "bot", uri -> TOKEN))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED);
                    assertThat(e.getMessage()).startsWith("The clone URL is not on the integration's host");
                });
        assertThat(alternate.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private static ProviderException fetch(String cloneUrl) {
        GitRemote remote = TestOutbound.git().withPassword(cloneUrl, List.of(Origin.required(cloneUrl)), "bot",
                uri -> TOKEN);
        return catchThrowableOfType(ProviderException.class, () -> {
            URIish uri = uri(cloneUrl);
            try (InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("mirror"));
                 Transport transport = Transport.open(repository, uri)) {
                remote.configure(transport);
                transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/heads/*:refs/heads/*")));
            } catch (NotSupportedException e) {
                throw new IllegalStateException(e);
            } catch (TransportException e) {
                throw remote.failure(uri, e);
            }
        });
    }

    private static URIish uri(String url) {
        try {
            return new URIish(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
