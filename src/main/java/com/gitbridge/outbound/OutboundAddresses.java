package com.gitbridge.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The name lookup every client towards a git host dials through: it resolves a host name and refuses it if any of
 * its addresses is internal ({@link AddressRules}), unless {@code gitbridge.outbound.allow-private-addresses} is
 * set. Clients connect to exactly the addresses returned, so a name that the DNS answers differently from one
 * lookup to the next (DNS rebinding) is judged by the answer that is dialled.
 */
@Component
public class OutboundAddresses {

    private final boolean allowPrivateAddresses;
    private final Resolver resolver;

    @Autowired
    public OutboundAddresses(OutboundSettings settings) {
        this(settings.allowPrivateAddresses(), InetAddress::getAllByName);
    }

    public OutboundAddresses(boolean allowPrivateAddresses, Resolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = resolver;
    }

    /** Looks up a host name's addresses: the system's DNS, or in tests a table of their own. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /**
     * The addresses to connect to for {@code host} (a name or an address literal).
     *
     * @throws AddressRefusedException if the name, or any address it resolves to, is internal
     * @throws UnknownHostException    if it does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (allowPrivateAddresses) {
            return resolver.addresses(host);
        }
        if (AddressRules.isInternalName(host)) {
            throw new AddressRefusedException(host, AddressRefusedException.Reason.INTERNAL_NAME);
        }
        InetAddress[] addresses = resolver.addresses(host);
        for (InetAddress address : addresses) {
            if (AddressRules.isInternal(address)) {
                throw new AddressRefusedException(host, AddressRefusedException.Reason.INTERNAL_ADDRESS);
            }
        }
        return addresses;
    }
}
