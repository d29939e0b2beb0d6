package com.gitbridge.provider;

import com.gitbridge.outbound.OutboundAddresses;

/**
 * The name lookup of the HTTP clients under the host adapters, for each Apache HttpClient generation: both connect
 * to exactly the addresses the lookup returns, so {@link OutboundAddresses} judges the addresses dialled.
 */
public final class GuardedDns {

    private GuardedDns() {
    }

    /** For Apache HttpClient 5 (github-api's connector, Azure's REST client, git over HTTP). */
    public static org.apache.hc.client5.http.DnsResolver forHttpClient5(OutboundAddresses addresses) {
        return new org.apache.hc.client5.http.DnsResolver() {
            @Override
            public java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                return addresses.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                // Asked only for Kerberos; the name stays as given rather than take an unchecked lookup.
                return host;
            }
        };
    }

    /** For Apache HttpClient 4 (the AWS SDK's client, Jersey's connector under gitlab4j). */
    public static org.apache.http.conn.DnsResolver forHttpClient4(OutboundAddresses addresses) {
        return addresses::resolve;
    }
}
