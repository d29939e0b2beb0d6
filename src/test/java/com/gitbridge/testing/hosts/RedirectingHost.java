package com.gitbridge.testing.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.gitbridge.provider.ProviderException;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A git host that answers every API request with a redirect to a trap on the same WireMock server, the trap standing
 * in for an internal address (the cloud metadata service, an admin port on loopback). The trap answers like a happy
 * API, so an adapter that follows would get a usable answer; the test then sees the trap's request count.
 */
public final class RedirectingHost {

    public static final String TRAP_PATH = "/trap/latest/meta-data/iam/security-credentials/";
    /** Sits in the Location's query; no failure message may repeat it. */
    public static final String LOCATION_SECRET = "X-Amz-Signature=locationSecret0000";

    private static final String TRAP_ANSWER = """
            {"login":"trap","id":1,"username":"trap","name":"trap","full_name":"trap/trap","value":[],
             "repositories":[],"object":{"sha":"0000000000000000000000000000000000000000"},
             "commit":{"id":"0000000000000000000000000000000000000000"}}""";

    private final WireMockExtension server;

    public RedirectingHost(WireMockExtension server) {
        this.server = server;
    }

    /**
     * Each redirect status the adapters must refuse, once to the host's own name and once to another name of the
     * same machine (127.0.0.1: the host sends the app elsewhere).
     */
    public static Stream<Arguments> redirects() {
        return IntStream.of(301, 302, 303, 307, 308).boxed()
                .flatMap(status -> Stream.of(Arguments.of(status, true), Arguments.of(status, false)));
    }

    /** From now on every request outside the trap is answered with {@code status} and a Location into the trap. */
    public void redirectEverything(int status, boolean sameHostName) {
        server.resetAll();
        String trapBase = sameHostName ? server.baseUrl() : "http://127.0.0.1:" + server.getPort();
        server.stubFor(any(urlPathMatching("/trap/.*")).atPriority(1).willReturn(okJson(TRAP_ANSWER)));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(status)
                .withHeader("Location", trapBase + TRAP_PATH + "?" + LOCATION_SECRET)));
    }

    /**
     * Runs {@code call} and asserts it failed with a {@link ProviderException} naming the redirect, holding none of
     * {@code secrets} nor the Location's query, after the host had been asked and the trap never had.
     */
    public ProviderException assertRefusedWithoutFollowing(ThrowingCallable call, String... secrets) {
        Throwable failure = catchThrowable(call);

        assertThat(server.findAll(anyRequestedFor(anyUrl()))).as("requests the host received").isNotEmpty();
        server.verify(0, anyRequestedFor(urlPathMatching("/trap/.*")));
        assertThat(failure).isInstanceOf(ProviderException.class);
        ProviderException refused = (ProviderException) failure;
        assertThat(refused.kind()).isEqualTo(ProviderException.Kind.HOST_REJECTED);
        assertThat(refused.getMessage()).containsIgnoringCase("redirect")
                .doesNotContain(LOCATION_SECRET).doesNotContain(TRAP_PATH);
        assertThat(Canary.isIn(refused.getMessage())).as("a secret in: " + refused.getMessage()).isFalse();
        for (String secret : secrets) {
            assertThat(refused.getMessage()).doesNotContain(secret);
        }
        return refused;
    }
}
