package com.gitbridge.provider.gitlab;

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
 * A redirect from GitLab is never followed, although gitlab4j asks Jersey to follow on every request: the call
 * fails and the redirect's target, an internal address, is never contacted.
 */
class GitLabRedirectTest extends RedirectRefusalTests {

    private static final String TOKEN = Canary.secret("glpat-", "redirectedToken0000000000000");

    private final GitProvider provider = new GitLabProviderFactory(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)),
            TestOutbound.ALLOW_LOCAL)
            .connect(HostEndpoint.of(ProviderType.GITLAB_SELF_MANAGED, wm.baseUrl(), null), new Credential.Token(TOKEN));

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
