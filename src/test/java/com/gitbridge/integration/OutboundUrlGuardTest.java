package com.gitbridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.gitbridge.outbound.AddressRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gitbridge.outbound.OutboundSettings;

class OutboundUrlGuardTest {

    private final OutboundUrlGuard guard = new OutboundUrlGuard(new OutboundSettings(false));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.100.100.200",
            "100.64.0.1", "0.0.0.0", "255.255.255.255", "::1", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:10.0.0.1",
            "::ffff:127.0.0.1", "224.0.0.1"})
    void classifiesInternalAddresses(String address) throws Exception {
        assertThat(AddressRules.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"140.82.112.3", "8.8.8.8", "2606:50c0:8000::153", "::ffff:140.82.112.3", "100.128.0.1"})
    void letsPublicAddressesThrough(String address) throws Exception {
        assertThat(AddressRules.isInternal(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void refusesOtherSchemesAndUrlsWithCredentialsQueryOrFragment() {
        assertThat(guard.refusal("ftp://8.8.8.8")).isPresent();
        assertThat(guard.refusal("https://u:p@8.8.8.8")).isPresent();
        assertThat(guard.refusal("https://8.8.8.8/?x=1")).isPresent();
        assertThat(guard.refusal("https://8.8.8.8/#x")).isPresent();
        assertThat(guard.refusal("not a url")).isPresent();
        assertThat(guard.refusal("https://8.8.8.8/gitlab")).isEmpty();
    }

    @Test
    void allowsPlainHttpAndPrivateAddressesOnlyWhenConfigured() {
        OutboundUrlGuard permissive = new OutboundUrlGuard(new OutboundSettings(true));
        assertThat(permissive.refusal("http://127.0.0.1:8080/gitlab")).isEmpty();
        assertThat(guard.refusal("http://127.0.0.1:8080/gitlab")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.7", "127.0.0.1", "169.254.169.254", "fd00:ec2::254", "::ffff:192.168.1.1"})
    void refusesANameThatResolvesToAnInternalAddress(String address) {
        OutboundUrlGuard guard = new OutboundUrlGuard(false, dns(Map.of("git.acme.example", List.of(address))));

        assertThat(guard.refusal("https://git.acme.example/gitlab")).contains("resolves to a private or internal address");
    }

    @Test
    void refusesANameWithAnyInternalAddressAmongPublicOnes() {
        OutboundUrlGuard guard = new OutboundUrlGuard(false,
                dns(Map.of("git.acme.example", List.of("140.82.112.3", "10.0.0.7"))));

        assertThat(guard.refusal("https://git.acme.example")).isPresent();
    }

    @Test
    void letsANameThatResolvesToPublicAddressesThroughAndRefusesOneThatDoesNotResolve() {
        OutboundUrlGuard guard = new OutboundUrlGuard(false,
                dns(Map.of("git.acme.example", List.of("140.82.112.3", "2606:50c0:8000::153"))));

        assertThat(guard.refusal("https://git.acme.example/gitlab")).isEmpty();
        assertThat(guard.refusal("https://gone.acme.example")).contains("names a host that does not resolve");
    }

    @Test
    void asksTheDnsAgainOnEveryCheckSoANameRepointedInternallyIsRefusedAtUse() {
        Map<String, List<String>> records = new HashMap<>(Map.of("git.acme.example", List.of("140.82.112.3")));
        OutboundUrlGuard guard = new OutboundUrlGuard(false, dns(records));
        assertThat(guard.refusal("https://git.acme.example")).isEmpty();

        records.put("git.acme.example", List.of("169.254.169.254"));

        assertThat(guard.refusal("https://git.acme.example")).isPresent();
    }

    /** Name lookups from a table: the tests have no DNS of their own. */
    private static OutboundUrlGuard.Resolver dns(Map<String, List<String>> records) {
        return host -> {
            List<String> addresses = records.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] resolved = new InetAddress[addresses.size()];
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = InetAddress.getByName(addresses.get(i));
            }
            return resolved;
        };
    }
}
