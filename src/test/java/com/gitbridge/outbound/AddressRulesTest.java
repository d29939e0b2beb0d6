package com.gitbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    /** IPv6 forms that carry an internal IPv4 address, and IPv6's own internal ranges. */
    @ParameterizedTest
    @ValueSource(strings = {
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1",   // NAT64 of loopback, metadata, private
            "64:ff9b:1::1", "64:ff9b:1:abcd::8.8.8.8",                      // local-use NAT64: always local
            "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:0101::",       // 6to4 of loopback, metadata, private
            "::127.0.0.1", "::169.254.169.254", "::10.1.2.3",               // IPv4-compatible
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:100.64.0.1",  // IPv4-mapped
            "2001:0:4136:e378:8000:63bf:80ff:fffe",                         // Teredo, client 127.0.0.1
            "::", "::1", "fe80::1", "fec0::1", "fd00:ec2::254", "ff02::1", "100::1"})
    void classifiesIpv6FormsOfInternalAddressesAsInternal(String address) throws UnknownHostException {
        assertThat(AddressRules.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::8c52:7003", "2002:8c52:7003::1", "::ffff:140.82.112.3", "::8.8.8.8",
            "2001:0:4136:e378:8000:63bf:73ad:8ffc", "2606:50c0:8000::153", "2a00:1450:4001:82a::200e"})
    void letsIpv6FormsOfPublicAddressesThrough(String address) throws UnknownHostException {
        assertThat(AddressRules.isInternal(InetAddress.getByName(address))).isFalse();
    }

    /** {@code InetAddress} turns a mapped literal into an IPv4 address; one built from bytes stays IPv6. */
    @Test
    void judgesAMappedAddressBuiltFromBytesByItsIpv4Address() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;

        assertThat(AddressRules.isInternal(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "100.127.255.254", "192.0.0.1", "0.1.2.3", "224.0.0.251", "240.0.0.1", "255.255.255.255"})
    void classifiesInternalIpv4Addresses(String address) throws UnknownHostException {
        assertThat(AddressRules.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"140.82.112.3", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.1.1", "11.0.0.1"})
    void letsPublicIpv4AddressesThrough(String address) throws UnknownHostException {
        assertThat(AddressRules.isInternal(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST.", "app.localhost", "metadata.google.internal", "metadata",
            "instance-data", "db.internal"})
    void classifiesNamesOfThisMachineAndMetadataServicesAsInternal(String name) {
        assertThat(AddressRules.isInternalName(name)).isTrue();
    }

    @Test
    void refusesANameWhoseLookupHoldsAnyInternalAddress() {
        OutboundAddresses addresses = new OutboundAddresses(false,
                host -> new InetAddress[] {InetAddress.getByName("140.82.112.3"), InetAddress.getByName("64:ff9b::a00:1")});

        assertThatThrownBy(() -> addresses.resolve("git.acme.example"))
                .isInstanceOfSatisfying(AddressRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo("resolves to a private or internal address"));
    }

    @Test
    void refusesAnInternalNameWithoutAskingTheDns() {
        OutboundAddresses addresses = new OutboundAddresses(false, host -> {
            throw new AssertionError("the DNS was asked about " + host);
        });

        assertThatThrownBy(() -> addresses.resolve("localhost"))
                .isInstanceOfSatisfying(AddressRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo("points at an internal host"));
    }

    @Test
    void givesBackExactlyTheAddressesItChecked() throws UnknownHostException {
        InetAddress[] answer = {InetAddress.getByName("140.82.112.3"), InetAddress.getByName("2606:50c0:8000::153")};
        OutboundAddresses addresses = new OutboundAddresses(false, host -> answer.clone());

        assertThat(addresses.resolve("git.acme.example")).containsExactly(answer);
    }

    @Test
    void letsInternalAddressesThroughWhenPrivateAddressesAreAllowed() throws UnknownHostException {
        OutboundAddresses addresses = new OutboundAddresses(true,
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        assertThat(addresses.resolve("localhost")).containsExactly(InetAddress.getByName("127.0.0.1"));
    }
}
