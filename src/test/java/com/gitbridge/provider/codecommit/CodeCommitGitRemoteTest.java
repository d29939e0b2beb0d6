package com.gitbridge.provider.codecommit;

import static com.gitbridge.provider.GitRemoteProbe.credentials;
import static com.gitbridge.provider.GitRemoteProbe.offered;
import static com.gitbridge.provider.GitRemoteProbe.offeredFor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.gitbridge.outbound.Origin;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

class CodeCommitGitRemoteTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Credential.AwsAccessKey KEY =
            new Credential.AwsAccessKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"); // AWS documentation example: fixed signature vectors
    /** 2026-03-15T09:30:07Z, a Sunday morning. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T09:30:07Z"), ZoneOffset.UTC);
    private static final String CLONE_URL = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/payments-service";

    private final CodeCommitSigner signer = new CodeCommitSigner(KEY, CLOCK);

    /** The expected passwords are what AWS's credential helper (botocore's SigV4Auth) makes for the same input. */
    @Test
    void signsTheRequestAsAwsCredentialHelperDoes() {
        GitRemote remote = remote(CLONE_URL);

        assertThat(offered(remote)).containsExactly("AKIAIOSFODNN7EXAMPLE",
                "20260315T093007Zb02626bf96ba194fe0437cfe05ef5812059bccf059f2e4b7d6fdf48010e3a2c1");
        assertThat(offeredFor(remote, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web"))
                .containsExactly("AKIAIOSFODNN7EXAMPLE",
                        "20260315T093007Zb9817fc9e6e0e25a66f06e1994877f3597a1340858c9efdcab5ca3f87da7bf58");
    }

    @Test
    void signsForTheHostWithoutItsPort() {
        assertThat(offeredFor(remote(CLONE_URL), "https://git-codecommit.us-east-1.amazonaws.com:443/v1/repos/web")[1])
                .isEqualTo("20260315T093007Zb9817fc9e6e0e25a66f06e1994877f3597a1340858c9efdcab5ca3f87da7bf58");
    }

    @Test
    void takesTheRegionFromFipsAndVpcEndpointHosts() {
        for (String host : new String[] {"git-codecommit-fips.us-gov-west-1.amazonaws.com",
                "vpce-0b7d2939e6aa1a2b3-abcdefgh.git-codecommit.ap-south-1.vpce.amazonaws.com",
                "git-codecommit.cn-north-1.amazonaws.com.cn"}) {
            String region = host.contains("us-gov") ? "us-gov-west-1" : host.contains("ap-south") ? "ap-south-1"
                    : "cn-north-1";
            assertThat(offered(remote("https://" + host + "/v1/repos/web"))[1])
                    .isEqualTo(signer.password(host, "/v1/repos/web", region));
        }
    }

    @Test
    void signaturesChangeWithTheRepository() {
        GitRemote remote = remote(CLONE_URL);

        assertThat(offeredFor(remote, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web")[1])
                .isNotEqualTo(offeredFor(remote, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/api")[1]);
    }

    @Test
    void theKeyIsNeverOfferedToOtherHosts() {
        GitRemote remote = remote(CLONE_URL);

        assertThat(offeredFor(remote, "https://git-codecommit.us-east-1.amazonaws.com.evil.example/v1/repos/web"))
                .isNull();
        assertThat(offeredFor(remote, "https://github.com/v1/repos/web")).isNull();
    }

    @Test
    void neverShowsTheKey() {
        GitRemote remote = remote(CLONE_URL);

        assertThat(remote.toString()).doesNotContain(KEY.accessKeyId()).doesNotContain(KEY.secretAccessKey());
        assertThat(credentials(remote).toString())
                .doesNotContain(KEY.accessKeyId()).doesNotContain(KEY.secretAccessKey());
    }

    @Test
    void theFactorySignsWithTheAccessKeyAndRefusesAToken() {
        try (CodeCommitProviderFactory factory = AwsStubs.factory(wm)) {
            GitRemote remote = factory.gitRemote(AwsStubs.ENDPOINT, KEY, CLONE_URL);

            assertThat(offered(remote)[0]).isEqualTo(KEY.accessKeyId());
            assertThat(offered(remote)[1]).matches("\\d{8}T\\d{6}Z[0-9a-f]{64}");
            assertThatThrownBy(() -> factory.gitRemote(AwsStubs.ENDPOINT,
                    new Credential.Token(Canary.secret("ghp_", "notAnAwsKey0123")), CLONE_URL))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A stand-in at a host name that is not CodeCommit's: signed for it with a region given, as CodeCommit would. */
    @Test
    void theSignedPasswordGoesOverHttpAsBasicAuthentication() throws URISyntaxException {
        String url = wm.baseUrl() + "/v1/repos/web";
        URIish uri = new URIish(url);
        String password = signer.password(uri.getHost(), "/v1/repos/web", "eu-west-1");
        String basic = "Basic " + Base64.getEncoder().encodeToString((KEY.accessKeyId() + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        wm.stubFor(get(urlPathEqualTo("/v1/repos/web/info/refs")).atPriority(2)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"CodeCommit\"")));
        wm.stubFor(get(urlPathEqualTo("/v1/repos/web/info/refs")).atPriority(1)
                .withHeader("Authorization", equalTo(basic)).willReturn(aResponse().withStatus(404)));
        GitRemote remote = TestOutbound.git().withPassword(url, List.of(Origin.required(url)), KEY.accessKeyId(),
                asked -> signer.password(asked.getHost(), asked.getPath(), "eu-west-1"));

        assertThatThrownBy(() -> fetch(remote, uri)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/repos/web/info/refs")).withHeader("Authorization", equalTo(basic)));
        assertThat(password).matches("20260315T093007Z[0-9a-f]{64}");
    }

    /** Git over HTTPS to the repository at {@code cloneUrl}, each request signed anew. */
    private GitRemote remote(String cloneUrl) {
        return TestOutbound.git().withPassword(cloneUrl, List.of(Origin.required(cloneUrl)), KEY.accessKeyId(),
                signer::passwordFor);
    }

    private static void fetch(GitRemote remote, URIish uri) {
        try (InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("mirror"));
             Transport transport = Transport.open(repository, uri)) {
            remote.configure(transport);
            transport.openFetch().close();
        } catch (NotSupportedException e) {
            throw new IllegalStateException(e);
        } catch (TransportException e) {
            throw remote.failure(uri, e);
        }
    }
}
