package com.gitbridge.integration;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps admin-given host URLs from pointing the app at itself or its network: {@code https} only, and no host that
 * resolves to a loopback, link-local, private, carrier-grade NAT, unique-local, multicast or cloud-metadata
 * address. Checked when an integration is saved and again before each use, as DNS answers can change.
 */
@Component
class OutboundUrlGuard {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data");

    private final boolean allowPrivateAddresses;
    private final Resolver resolver;

    @Autowired
    OutboundUrlGuard(OutboundSettings settings) {
        this(settings.allowPrivateAddresses(), InetAddress::getAllByName);
    }

    OutboundUrlGuard(boolean allowPrivateAddresses, Resolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = resolver;
    }

    /** Looks up a host name's addresses: the system's DNS, or in tests a table of their own. */
    interface Resolver {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /** Why the URL may not be used, or empty if it may. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivateAddresses && scheme.equals("http"))) {
            return Optional.of("must start with https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("must be a plain https://host/path URL, without credentials, query or fragment");
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(host) || host.endsWith(".internal") || host.equals("localhost") || host.endsWith(".localhost")) {
            return Optional.of("points at an internal host");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.addresses(host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("resolves to a private or internal address");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second <= 127)  // carrier-grade NAT, Alibaba metadata
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)  // IETF protocol assignments
                    || first >= 240;                            // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {                     // unique local fc00::/7 (AWS metadata fd00:ec2::254)
                return true;
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= bytes[i] == 0;
            }
            if (v4Mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
