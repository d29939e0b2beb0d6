package com.gitbridge.testing;

import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.outbound.OutboundSettings;
import com.gitbridge.provider.GitHttp;

/**
 * The outbound rules as the tests' simulated hosts need them: those hosts (WireMock, the git test server) run on
 * this machine, so private addresses are allowed, as {@code application-test.properties} has it for the app.
 */
public final class TestOutbound {

    public static final OutboundAddresses ALLOW_LOCAL = new OutboundAddresses(new OutboundSettings(true));

    private static final GitHttp GIT = new GitHttp(ALLOW_LOCAL, java.time.Duration.ofSeconds(5));

    private TestOutbound() {
    }

    /** Git over HTTP for tests that make remotes themselves; its connections are shared by every test. */
    public static GitHttp git() {
        return GIT;
    }
}
