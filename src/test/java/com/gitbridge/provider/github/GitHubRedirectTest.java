package com.gitbridge.provider.github;

import java.time.Duration;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.gitbridge.testing.hosts.RedirectRefusalTests;

/**
 * A redirect from GitHub Enterprise is never followed, not by the HTTP client nor by github-api (which follows
 * redirects itself): the call fails and the redirect's target, an internal address, is never contacted.
 */
class GitHubRedirectTest extends RedirectRefusalTests {

    private static final String TOKEN = Canary.secret("ghp_", "redirectedToken0000000000000");

    private final GitProvider provider = new GitHubProviderFactory(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)),
            TestOutbound.ALLOW_LOCAL)
            .connect(HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, wm.baseUrl(), null), new Credential.Token(TOKEN));

    @Override
    protected GitProvider provider() {
        return provider;
    }

    @Override
    protected String secret() {
        return TOKEN;
    }

    @Override
    protected String repository() {
        return "acme/web";
    }
}
