package com.gitbridge.provider.azure;

import static com.gitbridge.provider.GitRemoteProbe.offered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;

class AzureGitRemoteTest {

    private static final Credential.Token TOKEN = new Credential.Token(Canary.secret("azpat", "s3cr3t0t0ken0value0123"));
    private static final String CLONE_URL = "https://acme@dev.azure.com/acme/web/_git/web";
    private final AzureProviderFactory factory =
            new AzureProviderFactory(new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    TestOutbound.ALLOW_LOCAL);

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"AZURE_DEVOPS", "VSTS", "TFS"})
    void takesThePatAsPasswordOfAUserNameThatIsNotEmpty(ProviderType type) {
        GitRemote remote = factory.gitRemote(endpoint(type), TOKEN, CLONE_URL);

        assertThat(remote.cloneUrl()).isEqualTo(CLONE_URL);
        assertThat(offered(remote)).containsExactly("pat", TOKEN.value());
    }

    /** Organisations on either address of Azure DevOps give clone URLs on the other. */
    @ParameterizedTest
    @CsvSource({"AZURE_DEVOPS, https://dev.azure.com/acme, https://acme.visualstudio.com/web/_git/web",
            "VSTS, https://acme.visualstudio.com, https://acme@dev.azure.com/acme/web/_git/web",
            "TFS, https://tfs.acme.example/tfs/Default, https://tfs.acme.example/tfs/Default/web/_git/web"})
    void takesCloneUrlsOnTheOrganisationsAddresses(ProviderType type, String baseUrl, String cloneUrl) {
        assertThat(factory.gitRemote(HostEndpoint.of(type, baseUrl, null), TOKEN, cloneUrl).cloneUrl()).isEqualTo(cloneUrl);
    }

    @ParameterizedTest
    @CsvSource({"AZURE_DEVOPS, https://dev.azure.com/acme, https://other.visualstudio.com.evil.example/web/_git/web",
            "VSTS, https://acme.visualstudio.com, https://other.visualstudio.com/web/_git/web",
            "TFS, https://tfs.acme.example/tfs/Default, https://dev.azure.com/acme/web/_git/web",
            "TFS, https://tfs.acme.example/tfs/Default, http://tfs.acme.example/tfs/Default/web/_git/web"})
    void refusesCloneUrlsElsewhere(ProviderType type, String baseUrl, String cloneUrl) {
        assertThatThrownBy(() -> factory.gitRemote(HostEndpoint.of(type, baseUrl, null), TOKEN, cloneUrl))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED));
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
