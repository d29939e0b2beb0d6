package com.gitbridge.provider.github;

import static com.gitbridge.provider.GitRemoteProbe.offered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;

class GitHubGitRemoteTest {

    private static final Credential.Token TOKEN = new Credential.Token(Canary.secret("ghp_", "gitRemoteT0kenValue01234"));
    private static final GitHubProviderFactory FACTORY =
            new GitHubProviderFactory(new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    TestOutbound.ALLOW_LOCAL);

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITHUB_ENTERPRISE"})
    void takesTheTokenAsPasswordOfUserXAccessToken(ProviderType type) {
        String cloneUrl = type == ProviderType.GITHUB ? "https://github.com/acme/web.git" : "https://ghe.example/acme/web.git";
        GitRemote remote = FACTORY.gitRemote(endpoint(type), TOKEN, cloneUrl);

        assertThat(remote.cloneUrl()).isEqualTo(cloneUrl);
        assertThat(offered(remote)).containsExactly("x-access-token", TOKEN.value());
    }

    @Test
    void refusesAnAwsAccessKey() {
        Credential key = new Credential.AwsAccessKey("AKIAIOSFODNN7EXAMPLE", Canary.secret("wJalrXUtnFEMI/", "K7MDENG"));

        assertThatThrownBy(() -> FACTORY.gitRemote(endpoint(ProviderType.GITHUB), key, "https://github.com/acme/web.git"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HostEndpoint endpoint(ProviderType type) {
        return HostEndpoint.of(type, type.defaultBaseUrl() == null ? "https://ghe.example" : null, null);
    }
}
