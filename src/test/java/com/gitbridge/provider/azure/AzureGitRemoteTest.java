package com.gitbridge.provider.azure;

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
import com.gitbridge.testing.canary.Canary;

class AzureGitRemoteTest {

    private static final Credential.Token TOKEN = new Credential.Token(Canary.secret("azpat", "s3cr3t0t0ken0value0123"));
    private static final String CLONE_URL = "https://acme@dev.azure.com/acme/web/_git/web";
    private final AzureProviderFactory factory =
            new AzureProviderFactory(new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"AZURE_DEVOPS", "VSTS", "TFS"})
    void takesThePatAsPasswordOfAUserNameThatIsNotEmpty(ProviderType type) {
        GitRemote remote = factory.gitRemote(endpoint(type), TOKEN, CLONE_URL);

        assertThat(remote.cloneUrl()).isEqualTo(CLONE_URL);
        assertThat(offered(remote)).containsExactly("pat", TOKEN.value());
    }

    @Test
    void refusesAnAwsAccessKey() {
        Credential key = new Credential.AwsAccessKey("AKIAIOSFODNN7EXAMPLE", Canary.secret("wJalrXUtnFEMI/", "K7MDENG"));

        assertThatThrownBy(() -> factory.gitRemote(endpoint(ProviderType.AZURE_DEVOPS), key, CLONE_URL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HostEndpoint endpoint(ProviderType type) {
        return HostEndpoint.of(type, "https://dev.azure.com/acme", null);
    }
}
