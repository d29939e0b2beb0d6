package com.gitbridge.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses and names belong to the app's own machine or network rather than to a git host on the internet:
 * loopback, link-local, private, carrier-grade NAT, unique-local, multicast, reserved and cloud-metadata ones. IPv6
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by the IPv4 address inside,
 * as that is where a packet to them ends up.
 */
public final class AddressRules {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data");

    private AddressRules() {
    }

    /** Names that mean this machine or a cloud's metadata service, whatever the DNS says. */
    public static boolean isInternalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return METADATA_HOSTS.contains(name) || name.endsWith(".internal") || name.equals("localhost")
                || name.endsWith(".localhost");
    }

    public static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet6Address ? isInternalV6(bytes) : isInternalV4(bytes);
    }

    private static boolean isInternalV4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0                                             // "this network"
                || first == 10 || first == 127                        // private, loopback
                || (first == 169 && second == 254)                    // link-local, most clouds' metadata
                || (first == 172 && second >= 16 && second <= 31)     // private
                || (first == 192 && second == 168)                    // private
                || (first == 100 && second >= 64 && second <= 127)    // carrier-grade NAT, Alibaba metadata
                || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)  // IETF protocol assignments
                || first >= 224;                                      // multicast, reserved, broadcast
    }

    private static boolean isInternalV6(byte[] bytes) {
        int first = bytes[0] & 0xff;
        if ((first & 0xfe) == 0xfc || first == 0xff) {               // unique local fc00::/7 (AWS fd00:ec2::254), multicast
            return true;
        }
        if (first == 0xfe && (bytes[1] & 0xc0) != 0) {               // link-local fe80::/10, site-local fec0::/10
            return true;
        }
        if (zeros(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            return isInternalV4(slice(bytes, 12));                    // IPv4-mapped ::ffff:a.b.c.d
        }
        if (zeros(bytes, 0, 12)) {
            return isInternalV4(slice(bytes, 12));                    // IPv4-compatible ::a.b.c.d
        }
        if (startsWith(bytes, 0x00, 0x64, 0xff, 0x9b)) {
            if (zeros(bytes, 4, 12)) {
                return isInternalV4(slice(bytes, 12));                // NAT64 64:ff9b::/96
            }
            return (bytes[4] & 0xff) == 0 && (bytes[5] & 0xff) == 1;  // local-use NAT64 64:ff9b:1::/48
        }
        if (startsWith(bytes, 0x20, 0x02)) {
            return isInternalV4(slice(bytes, 2));                     // 6to4 2002:a.b.c.d::/48
        }
        if (startsWith(bytes, 0x20, 0x01, 0x00, 0x00)) {             // Teredo 2001::/32: server, then client (inverted)
            byte[] client = slice(bytes, 12);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return isInternalV4(slice(bytes, 4)) || isInternalV4(client);
        }
        return startsWith(bytes, 0x01, 0x00) && zeros(bytes, 2, 8);   // discard-only 100::/64
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] bytes, int from) {
        return new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]};
    }
}
