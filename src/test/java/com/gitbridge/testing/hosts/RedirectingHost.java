package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitbridge.testing.TestHosts;

/**
 * A host that answers every request under its path with a redirect to an internal address: a trap path on the
 * tests' loopback server, standing in for a cloud metadata service, which answers as if all were well and counts
 * what reaches it. An adapter that follows the redirect would hand the trap its request (and credential).
 */
public final class RedirectingHost {

    private final WireMockServer wm = TestHosts.server();
    private final String prefix = "/redirecting-" + UUID.randomUUID();
    private final String trap = "/internal-" + UUID.randomUUID();

    public RedirectingHost(int status) {
        wm.stubFor(any(urlPathMatching(prefix + "(/.*)?")).willReturn(aResponse().withStatus(status)
                .withHeader("Location", TestHosts.baseUrl() + trap + "/latest/meta-data/iam/security-credentials")));
        wm.stubFor(any(urlPathMatching(trap + "/.*")).willReturn(okJson("""
                {"login":"metadata","id":1,"username":"metadata","AccessKeyId":"ASIAINTERNAL"}""")));
    }

    /** The host's URL, under which everything redirects. */
    public String baseUrl() {
        return TestHosts.baseUrl() + prefix;
    }

    /** How many requests the host itself answered with its redirect. */
    public int redirectsSent() {
        return wm.findAll(anyRequestedFor(urlPathMatching(prefix + "(/.*)?"))).size();
    }

    /** How many requests reached the internal address. */
    public int internalRequests() {
        return wm.findAll(anyRequestedFor(urlPathMatching(trap + "/.*"))).size();
    }
}
