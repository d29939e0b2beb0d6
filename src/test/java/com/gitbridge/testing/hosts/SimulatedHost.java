package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.TestHosts;

/**
 * A git host on the shared test WireMock, simulating just enough of the real API for creating branches and pull
 * requests. It answers only for credentials it was told to {@link #accept}; everything else gets the host's 401.
 * Every host lives under its own path prefix (CodeCommit, which has none, under its own access key ids).
 */
public abstract class SimulatedHost {

    public static final String SOURCE_SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    protected final WireMockServer wm = TestHosts.server();
    protected final String prefix = "/host-" + UUID.randomUUID();
    private final List<TestCredential> credentials = new ArrayList<>();

    public abstract ProviderType type();

    /** The URL an admin gives for this host; {@code null} for CodeCommit. */
    public abstract String baseUrl();

    public String region() {
        return null;
    }

    /** The repository the tests work in, as its id. */
    public abstract String repository();

    /** A new credential for this host, unknown to it until {@link #accept}ed. */
    public final TestCredential newCredential() {
        TestCredential credential = create(UUID.randomUUID().toString().replace("-", ""));
        credentials.add(credential);
        return credential;
    }

    /** From now on the host accepts {@code credential} as the account {@code login}. */
    public abstract void accept(TestCredential credential, String login);

    /** From now on the host answers every request with {@code credential} as a refused credential (401). */
    public abstract void refuse(TestCredential credential);

    /** How many requests reached the host carrying {@code credential}. */
    public int requestsWith(TestCredential credential) {
        return wm.findAll(anyRequestedFor(anyUrl()).withHeader(credential.header(), credential.headerValue())).size();
    }

    /** How many requests reached the host with any credential made for it. */
    public int requestsWithAnyCredential() {
        return credentials.stream().mapToInt(this::requestsWith).sum();
    }

    /**
     * From now on every API call with {@code credential} gets {@code fault} instead of the host's answer, until the
     * returned action heals the host.
     */
    public final Runnable failWith(TestCredential credential, ResponseDefinitionBuilder fault) {
        StubMapping stub = wm.stubFor(anyApiCallWith(credential).atPriority(1).willReturn(fault));
        return () -> wm.removeStub(stub);
    }

    /** How this host says "too many requests, come back in {@code seconds}". */
    public ResponseDefinitionBuilder rateLimited(int seconds) {
        return aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(seconds))
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Too many requests\"}");
    }

    protected MappingBuilder anyApiCallWith(TestCredential credential) {
        return any(urlPathMatching(prefix + "/.*")).withHeader(credential.header(), credential.headerValue());
    }

    protected abstract TestCredential create(String random);
}
