package com.gitbridge.integration;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.gitbridge.outbound.AddressRefusedException;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.outbound.OutboundSettings;

/**
 * Keeps admin-given host URLs from pointing the app at itself or its network: {@code https} only, and no host that
 * the {@link OutboundAddresses} rules refuse. Checked when an integration is saved and again before each use, so
 * that an admin hears why; the host clients check the addresses they dial once more at connect time.
 */
@Component
class OutboundUrlGuard {

    private final boolean allowPrivateAddresses;
    private final OutboundAddresses addresses;

    @Autowired
    OutboundUrlGuard(OutboundSettings settings) {
        this(settings.allowPrivateAddresses(), InetAddress::getAllByName);
    }

    OutboundUrlGuard(boolean allowPrivateAddresses, Resolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.addresses = new OutboundAddresses(allowPrivateAddresses, resolver);
    }

    /** Looks up a host name's addresses: the system's DNS, or in tests a table of their own. */
    interface Resolver extends OutboundAddresses.Resolver {
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
        try {
            addresses.resolve(uri.getHost());
        } catch (AddressRefusedException e) {
            return Optional.of(e.reason());
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        return Optional.empty();
    }
}
