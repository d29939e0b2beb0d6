package com.gitbridge.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.azure.AzureProviderFactory;
import com.gitbridge.provider.codecommit.CodeCommitProviderFactory;
import com.gitbridge.provider.github.GitHubProviderFactory;
import com.gitbridge.provider.gitlab.GitLabProviderFactory;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * Every client towards a git host, each host family's API client and git over HTTP, connects through the outbound
 * address rules at the moment it dials: a host name that resolves to this machine is refused when private
 * addresses are not allowed, whatever an earlier look-up said, and the client dials exactly the address the rules
 * were given (here by a table: no DNS on this machine knows {@code git.acme.example}). No answer is read past
 * 10 MB.
 */
class GuardedTransportTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String HOST = "git.acme.example";
    private static final String TOKEN = Canary.secret("tok_", "guardedTransportToken000001");
    private static final Credential.AwsAccessKey KEY =
            new Credential.AwsAccessKey("AKIAGUARDED0EXAMPLE0", Canary.secret("aws", "guardedTransportSecretKey00"));
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));

    /** One call through each client, made with the outbound rules given and aimed at {@code baseUrl}. */
    interface Client {
        ThrowingCallable call(OutboundAddresses addresses, String baseUrl);
    }

    static Stream<Named<Client>> clients() {
        return Stream.of(
                Named.of("GitHub Enterprise (github-api over HttpClient 5)", (addresses, baseUrl) ->
                        new GitHubProviderFactory(TIMEOUTS, addresses).connect(
                                HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, baseUrl, null), token())::validate),
                Named.of("GitLab (gitlab4j over Jersey's HttpClient 4 connector)", (addresses, baseUrl) ->
                        new GitLabProviderFactory(TIMEOUTS, addresses).connect(
                                HostEndpoint.of(ProviderType.GITLAB_SELF_MANAGED, baseUrl, null), token())::validate),
                Named.of("TFS (RestClient over HttpClient 5)", (addresses, baseUrl) ->
                        new AzureProviderFactory(TIMEOUTS, addresses).connect(
                                HostEndpoint.of(ProviderType.TFS, baseUrl + "/tfs/Default", null), token())::validate),
                Named.of("CodeCommit (AWS SDK over HttpClient 4)", (addresses, baseUrl) ->
                        new CodeCommitProviderFactory(TIMEOUTS, addresses, baseUrl).connect(
                                HostEndpoint.of(ProviderType.AWS_CODECOMMIT, null, "eu-west-1"), KEY)::validate),
                Named.of("git over smart HTTP (JGit over HttpClient 5)", (addresses, baseUrl) -> () ->
                        fetch(new GitHttp(addresses, TIMEOUTS.connectTimeout()), baseUrl + "/acme/web.git")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aNameThatResolvesToThisMachineIsRefusedAtConnectTime(Client client) {
        OutboundAddresses privateRefused = new OutboundAddresses(false, GuardedTransportTest::table);

        ProviderException failure = failure(client.call(privateRefused, "http://" + HOST + ":" + wm.getPort()));

        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED);
        assertThat(failure.getMessage()).contains("resolves to a private or internal address")
                .doesNotContain(TOKEN).doesNotContain(KEY.secretAccessKey());
        assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    /** DNS rebinding: a first look-up (the URL guard's) said a public address; the one dialled says loopback. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aNameThatTurnsToThisMachineAfterTheUrlCheckIsRefused(Client client) throws UnknownHostException {
        int[] lookups = {0};
        OutboundAddresses privateRefused = new OutboundAddresses(false, host -> lookups[0]++ == 0
                ? new InetAddress[] {InetAddress.getByName("140.82.112.3")}
                : table(host));
        privateRefused.resolve(HOST);

        ProviderException failure = failure(client.call(privateRefused, "http://" + HOST + ":" + wm.getPort()));

        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED);
        assertThat(failure.getMessage()).contains("resolves to a private or internal address");
        assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void theClientDialsTheAddressTheRulesLookedUp(Client client) {
        OutboundAddresses privateAllowed = new OutboundAddresses(true, GuardedTransportTest::table);

        failure(client.call(privateAllowed, "http://" + HOST + ":" + wm.getPort()));

        assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isNotEmpty()
                .allSatisfy(request -> assertThat(request.getHost()).isEqualTo(HOST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiClients")
    void anAnswerPastTenMegabytesIsCutOff(Client client) {
        String eleven = "x".repeat(11 * 1024 * 1024);
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"value\":\"" + eleven + "\"}")));
        wm.stubFor(any(anyUrl()).atPriority(1).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>" + eleven
                                + "</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>")));
        OutboundAddresses privateAllowed = new OutboundAddresses(true, GuardedTransportTest::table);

        ProviderException failure = failure(client.call(privateAllowed, "http://" + HOST + ":" + wm.getPort()));

        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HOST_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("exceeded 10 MB");
    }

    /** Git's packs are not held to the API's answer limit; the mirror's own bounds hold them. */
    static Stream<Named<Client>> apiClients() {
        return clients().filter(client -> !client.getName().startsWith("git "));
    }

    private static InetAddress[] table(String host) throws UnknownHostException {
        if (!host.equals(HOST)) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    }

    private static Credential token() {
        return new Credential.Token(TOKEN);
    }

    private static void fetch(GitHttp git, String cloneUrl) throws URISyntaxException {
        GitRemote remote = git.withPassword(cloneUrl, List.of(Origin.required(cloneUrl)), "bot", uri -> TOKEN);
        URIish uri = new URIish(cloneUrl);
        try (InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("mirror"));
             Transport transport = Transport.open(repository, uri)) {
            remote.configure(transport);
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/heads/*:refs/heads/*")));
        } catch (NotSupportedException e) {
            throw new IllegalStateException(e);
        } catch (TransportException e) {
            throw remote.failure(uri, e);
        } finally {
            git.close();
        }
    }

    private static ProviderException failure(ThrowingCallable call) {
        ProviderException failure = catchThrowableOfType(ProviderException.class, call);
        assertThat(failure).as("a ProviderException").isNotNull();
        return failure;
    }
}
