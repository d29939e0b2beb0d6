package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import com.gitbridge.testing.AppTestBase;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * {@code X-Forwarded-*} counts only from a trusted proxy: Tomcat's remote-IP valve, which looks at the address the
 * connection comes from, reads them, and no filter that would believe them from anyone.
 */
class ForwardedHeadersTest extends AppTestBase {

    @Autowired
    ServletWebServerApplicationContext context;

    private RemoteIpValve remoteIpValve() {
        Valve[] valves = ((TomcatWebServer) context.getWebServer()).getTomcat().getEngine().getPipeline().getValves();
        return Arrays.stream(valves).filter(RemoteIpValve.class::isInstance).map(RemoteIpValve.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("No RemoteIpValve in " + Arrays.toString(valves)));
    }

    @Test
    void onlyPrivateAndLoopbackAddressesAreTrustedProxies() {
        var valve = remoteIpValve();
        String trusted = valve.getInternalProxies();
        for (String proxy : new String[] {"127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4"}) {
            assertThat(proxy).as("trusted proxy").matches(trusted);
        }
        for (String client : new String[] {"203.0.113.7", "8.8.8.8", "172.32.0.1"}) {
            assertThat(client).as("client on the internet").doesNotMatch(trusted);
        }
        assertThat(valve.getTrustedProxies()).isNullOrEmpty();
    }

    @Test
    void noFilterBelievesForwardedHeadersFromAnyone() {
        assertThat(context.getBeanNamesForType(ForwardedHeaderFilter.class)).isEmpty();
        assertThat(context.getBeansOfType(org.springframework.boot.web.servlet.FilterRegistrationBean.class).values())
                .noneMatch(registration -> registration.getFilter() instanceof ForwardedHeaderFilter);
    }

    @Test
    void aTrustedProxysProtocolHeaderIsTaken() throws Exception {
        // The test's own connection comes from loopback, a trusted proxy: HTTPS it says, so HSTS is sent.
        var site = tenant();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me/tokens"))
                .header("Authorization", "JWT " + site.contextJwt("alice"))
                .header("X-Forwarded-Proto", "https")
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(http.get("/api/me/tokens", site.contextJwt("alice")).headers().firstValue("Strict-Transport-Security"))
                .isEmpty();
    }
}
