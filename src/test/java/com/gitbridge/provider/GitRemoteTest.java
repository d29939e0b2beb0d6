package com.gitbridge.provider;

import static com.gitbridge.provider.GitRemoteProbe.credentials;
import static com.gitbridge.provider.GitRemoteProbe.offered;
import static com.gitbridge.provider.GitRemoteProbe.offeredFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

import com.gitbridge.outbound.Origin;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;

class GitRemoteTest {

    private static final String TOKEN = Canary.secret("ghp_", "gitRemoteT0kenValue0123456789");
    private static final String CLONE_URL = "https://git.example/acme/web.git";

    private static GitRemote withPassword(String username, Function<URIish, String> password) {
        return TestOutbound.git().withPassword(CLONE_URL, List.of(Origin.required(CLONE_URL)), username, password);
    }

    @Test
    void anAnonymousRemoteOffersNoCredential() {
        GitRemote remote = GitRemote.anonymous(CLONE_URL);

        assertThat(remote.cloneUrl()).isEqualTo(CLONE_URL);
        assertThat(credentials(remote)).isNull();
    }

    @Test
    void aPasswordRemoteOffersItsUserAndThePasswordMadeForTheUrlAsked() {
        List<String> asked = new ArrayList<>();
        GitRemote remote = withPassword("bot", uri -> {
            asked.add(uri.getPath());
            return uri.getPath().endsWith("web.git") ? TOKEN : null;
        });

        assertThat(offered(remote)).containsExactly("bot", TOKEN);
        assertThat(offeredFor(remote, "https://git.example/acme/other.git")).isNull();
        assertThat(asked).containsExactly("/acme/web.git", "/acme/other.git");
    }

    @Test
    void offersOnlyUserNameAndPasswordAndNeverAsksAPerson() {
        CredentialsProvider credentials = credentials(withPassword("bot", uri -> TOKEN));

        assertThat(credentials.isInteractive()).isFalse();
        assertThat(credentials.supports(new CredentialItem.Username(), new CredentialItem.Password())).isTrue();
        assertThat(credentials.supports(new CredentialItem.StringType("Passphrase", true))).isFalse();
    }

    @Test
    void neverShowsTheSecret() {
        GitRemote remote = withPassword("bot", uri -> TOKEN);

        assertThat(remote.toString()).doesNotContain(TOKEN);
        assertThat(credentials(remote).toString()).doesNotContain(TOKEN);
    }

    @Test
    void mapsJGitsRefusalsToTheKindsOfProviderException() throws URISyntaxException {
        URIish uri = new URIish(CLONE_URL);
        JGitText text = JGitText.get();

        assertFailure(uri, new TransportException(uri, text.notAuthorized), ProviderException.Kind.CREDENTIAL_REJECTED,
                "(401)");
        assertFailure(uri, new TransportException(uri, text.noCredentialsProvider),
                ProviderException.Kind.CREDENTIAL_REJECTED, "(401)");
        assertFailure(uri, new TransportException(uri, "git-upload-pack not permitted on '" + CLONE_URL + "/'"),
                ProviderException.Kind.FORBIDDEN, "(403)");
        assertFailure(uri, new NoRemoteRepositoryException(uri, "not found"), ProviderException.Kind.NOT_FOUND,
                "acme/web.git");
        assertFailure(uri, new TransportException(uri, "429 Too Many Requests"), ProviderException.Kind.RATE_LIMITED,
                "(429)");
        assertFailure(uri, new TransportException(uri, "502 Bad Gateway"), ProviderException.Kind.HOST_UNAVAILABLE,
                "502 Bad Gateway");
        assertFailure(uri, new TransportException(uri, "connection failed", new SocketTimeoutException("Read timed out")),
                ProviderException.Kind.HOST_UNAVAILABLE, "timed out");
        assertFailure(uri, new TransportException(uri, "Connection reset"), ProviderException.Kind.HOST_UNAVAILABLE,
                "could not be reached or broke off");
    }

    private static void assertFailure(URIish uri, TransportException e, ProviderException.Kind kind, String says) {
        ProviderException failure = withPassword("bot", any -> TOKEN).failure(uri, e);

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.getMessage()).contains(says).doesNotContain(TOKEN);
        assertThat(failure.getCause()).isSameAs(e);
        assertThat(GitRemote.anonymous(CLONE_URL).failure(uri, e).kind()).isEqualTo(kind);
    }
}
