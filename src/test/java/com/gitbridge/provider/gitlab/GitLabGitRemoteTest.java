package com.gitbridge.provider.gitlab;

import static com.gitbridge.provider.GitRemoteProbe.offered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

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

class GitLabGitRemoteTest {

    private static final Credential.Token TOKEN = new Credential.Token(Canary.secret("glpat-", "s3cr3t-t0ken-value"));
    private final GitLabProviderFactory factory =
            new GitLabProviderFactory(new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    TestOutbound.ALLOW_LOCAL);

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"GITLAB", "GITLAB_SELF_MANAGED"})
    void takesTheTokenAsPasswordOfUserOauth2(ProviderType type) {
        String cloneUrl = type == ProviderType.GITLAB ? "https://gitlab.com/acme/web.git" : "https://gitlab.example/acme/web.git";
        GitRemote remote = factory.gitRemote(endpoint(type), TOKEN, cloneUrl);

        assertThat(remote.cloneUrl()).isEqualTo(cloneUrl);
        assertThat(offered(remote)).containsExactly("oauth2", TOKEN.value());
    }

    @Test
    void refusesAnAwsAccessKey() {
        Credential key = new Credential.AwsAccessKey("AKIAIOSFODNN7EXAMPLE", Canary.secret("wJalrXUtnFEMI/", "K7MDENG"));

        assertThatThrownBy(() -> factory.gitRemote(endpoint(ProviderType.GITLAB), key, "https://gitlab.com/acme/web.git"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HostEndpoint endpoint(ProviderType type) {
        return HostEndpoint.of(type, type.defaultBaseUrl() == null ? "https://gitlab.example" : null, null);
    }
}
