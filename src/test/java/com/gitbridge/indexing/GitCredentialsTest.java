package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.gitbridge.testing.canary.Canary;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.ProviderType;

class GitCredentialsTest {

    private static final Credential.Token TOKEN = new Credential.Token(Canary.secret("glpat-", "s3cr3t-t0ken-value"));
    private static final Credential.AwsAccessKey KEY =
            new Credential.AwsAccessKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"); // AWS documentation example: fixed signature vectors
    /** 2026-03-15T09:30:07Z, a Sunday morning. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T09:30:07Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void gitHubTakesTheTokenAsPasswordOfUserXAccessToken(ProviderType type) {
        assertThat(ask(GitCredentials.of(type, TOKEN), "https://github.com/acme/web.git"))
                .containsExactly("x-access-token", TOKEN.value());
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void gitLabTakesTheTokenAsPasswordOfUserOauth2(ProviderType type) {
        assertThat(ask(GitCredentials.of(type, TOKEN), "https://gitlab.com/acme/web.git"))
                .containsExactly("oauth2", TOKEN.value());
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"AZURE_DEVOPS", "VSTS", "TFS"})
    void azureTakesThePatAsPasswordOfAnyUser(ProviderType type) {
        assertThat(ask(GitCredentials.of(type, TOKEN), "https://dev.azure.com/acme/web/_git/web"))
                .containsExactly("pat", TOKEN.value());
    }

    /** The expected passwords are what AWS's credential helper (botocore's SigV4Auth) makes for the same input. */
    @Test
    void codeCommitSignsTheRequestAsAwsCredentialHelperDoes() {
        GitCredentials credentials = GitCredentials.of(ProviderType.AWS_CODECOMMIT, KEY, CLOCK);

        assertThat(ask(credentials, "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/payments-service"))
                .containsExactly("AKIAIOSFODNN7EXAMPLE",
                        "20260315T093007Zb02626bf96ba194fe0437cfe05ef5812059bccf059f2e4b7d6fdf48010e3a2c1");
        assertThat(ask(credentials, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web"))
                .containsExactly("AKIAIOSFODNN7EXAMPLE",
                        "20260315T093007Zb9817fc9e6e0e25a66f06e1994877f3597a1340858c9efdcab5ca3f87da7bf58");
    }

    @Test
    void codeCommitSignsForTheHostWithoutItsPort() {
        GitCredentials credentials = GitCredentials.of(ProviderType.AWS_CODECOMMIT, KEY, CLOCK);

        assertThat(ask(credentials, "https://git-codecommit.us-east-1.amazonaws.com:443/v1/repos/web")[1])
                .isEqualTo("20260315T093007Zb9817fc9e6e0e25a66f06e1994877f3597a1340858c9efdcab5ca3f87da7bf58");
    }

    @Test
    void codeCommitTakesTheRegionFromFipsAndVpcEndpointHosts() {
        CodeCommitSigner signer = new CodeCommitSigner(KEY, CLOCK);
        for (String host : new String[] {"git-codecommit-fips.us-gov-west-1.amazonaws.com",
                "vpce-0b7d2939e6aa1a2b3-abcdefgh.git-codecommit.ap-south-1.vpce.amazonaws.com",
                "git-codecommit.cn-north-1.amazonaws.com.cn"}) {
            String region = host.contains("us-gov") ? "us-gov-west-1" : host.contains("ap-south") ? "ap-south-1"
                    : "cn-north-1";
            assertThat(ask(GitCredentials.of(ProviderType.AWS_CODECOMMIT, KEY, CLOCK), "https://" + host
                    + "/v1/repos/web")[1]).isEqualTo(signer.password(host, "/v1/repos/web", region));
        }
    }

    @Test
    void codeCommitSignaturesChangeWithTheRepository() {
        GitCredentials credentials = GitCredentials.of(ProviderType.AWS_CODECOMMIT, KEY, CLOCK);

        assertThat(ask(credentials, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web")[1])
                .isNotEqualTo(ask(credentials, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/api")[1]);
    }

    @Test
    void codeCommitKeyIsNeverOfferedToOtherHosts() {
        GitCredentials credentials = GitCredentials.of(ProviderType.AWS_CODECOMMIT, KEY, CLOCK);

        assertThat(ask(credentials, "https://git-codecommit.us-east-1.amazonaws.com.evil.example/v1/repos/web"))
                .isNull();
        assertThat(ask(credentials, "https://github.com/v1/repos/web")).isNull();
    }

    @Test
    void refusesACredentialOfTheWrongShape() {
        assertThatThrownBy(() -> GitCredentials.of(ProviderType.AWS_CODECOMMIT, TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GitCredentials.of(ProviderType.GITHUB, KEY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offersOnlyUserNameAndPassword() {
        GitCredentials credentials = GitCredentials.of(ProviderType.GITHUB, TOKEN);

        assertThat(credentials.isInteractive()).isFalse();
        assertThat(credentials.supports(new CredentialItem.Username(), new CredentialItem.Password())).isTrue();
        assertThat(credentials.supports(new CredentialItem.StringType("Passphrase", true))).isFalse();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(GitCredentials.of(ProviderType.GITLAB, TOKEN).toString()).doesNotContain(TOKEN.value());
        assertThat(GitCredentials.of(ProviderType.AWS_CODECOMMIT, KEY).toString())
                .doesNotContain(KEY.accessKeyId()).doesNotContain(KEY.secretAccessKey());
    }

    /** User name and password given for {@code url}, or {@code null} if none. */
    private static String[] ask(GitCredentials credentials, String url) {
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();
        try {
            if (!credentials.get(new URIish(url), user, password)) {
                return null;
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        return new String[] {user.getValue(), new String(password.getValue())};
    }
}
