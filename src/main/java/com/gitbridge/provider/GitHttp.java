package com.gitbridge.provider;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URL;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

import com.gitbridge.outbound.OriginRefusedException;
import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OutboundAddresses;

/**
 * Git's smart HTTP protocol to the hosts' repositories, over one HTTP client that connects only to addresses
 * {@link OutboundAddresses} let through. A remote made here binds each fetch to its clone URL's origin and to the
 * two requests of a smart fetch, {@code info/refs?service=git-upload-pack} and {@code git-upload-pack}: git's dumb
 * HTTP protocol (which reads objects, {@code objects/info/http-alternates} included, from wherever the server
 * says) is refused. JGit's process-wide connection factory is left alone; each transport gets its own.
 */
public final class GitHttp implements AutoCloseable {

    static final String SMART_ADVERTISEMENT = "application/x-git-upload-pack-advertisement";
    private static final String INFO_REFS = "info/refs";
    private static final String UPLOAD_PACK = "git-upload-pack";
    private static final String UPLOAD_PACK_QUERY = "service=git-upload-pack";

    private final CloseableHttpClient client;
    private final RequestConfig requests;

    public GitHttp(OutboundAddresses addresses, Duration connectTimeout) {
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        this.requests = RequestConfig.custom().setConnectionRequestTimeout(connect).build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(GuardedDns.forHttpClient5(addresses))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                        .setMaxConnPerRoute(20)
                        .setMaxConnTotal(200)
                        .build())
                .setDefaultRequestConfig(requests)
                // JGit handles redirects (off), authentication, retries and gzip itself, as over the JDK's client.
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /**
     * How git fetches the repository at {@code cloneUrl}, authenticated as {@code username} with the password
     * made for each URL git asks about.
     *
     * @param hostOrigins where the integration's host keeps its repositories
     * @throws ProviderException ({@link ProviderException.Kind#HOST_REJECTED}) if the clone URL is elsewhere
     */
    public GitRemote withPassword(String cloneUrl, Collection<Origin> hostOrigins, String username,
                                  Function<URIish, String> password) {
        Optional<Origin> origin = Origin.of(cloneUrl);
        if (origin.isEmpty() || !hostOrigins.contains(origin.get())) {
            throw new ProviderException(ProviderException.Kind.HOST_REJECTED,
                    "The clone URL is not on the integration's host; the app fetches only from " + hostOrigins);
        }
        return new PasswordRemote(cloneUrl, new GitPassword(username, password), this);
    }

    /** Makes {@code transport} fetch over this client, from {@code cloneUrl}'s origin and the smart protocol only. */
    void bind(Transport transport, String cloneUrl) {
        if (!(transport instanceof TransportHttp http)) {
            throw new IllegalArgumentException("Git fetches from hosts only over HTTP(S)");
        }
        SmartFetchOnly connections = new SmartFetchOnly(transport.getURI());
        if (!Origin.of(cloneUrl).equals(Optional.of(connections.origin))) {
            throw new IllegalArgumentException("The transport is not for the remote's clone URL");
        }
        http.setHttpConnectionFactory(connections);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** The answer to anything but a smart fetch's two requests, or to one that came back in the dumb protocol. */
    static final class DumbHttpRefusedException extends IOException {
        DumbHttpRefusedException() {
            super("the host does not speak git's smart HTTP protocol");
        }
    }

    /** Connections for one transport: to its repository's smart-fetch URLs and nowhere else. */
    private final class SmartFetchOnly implements HttpConnectionFactory {

        private final Origin origin;
        private final String repositoryPath;

        SmartFetchOnly(URIish uri) {
            this.origin = Origin.of(uri.getScheme(), uri.getHost(), uri.getPort())
                    .orElseThrow(() -> new IllegalArgumentException("Git fetches from hosts only over HTTP(S)"));
            // The repository's URL as JGit makes its own from the URI, ending in "/".
            String base = uri.setUser(null).setPass(null).toString();
            try {
                this.repositoryPath = new URL(base.endsWith("/") ? base : base + "/").getPath();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("Not a clone URL", e);
            }
        }

        @Override
        public HttpConnection create(URL url) throws IOException {
            return create(url, Proxy.NO_PROXY);
        }

        /** The proxy JGit found for the URL is not used: the client connects directly, to checked addresses. */
        @Override
        public HttpConnection create(URL url, Proxy proxy) throws IOException {
            if (!origin.contains(url)) {
                throw new OriginRefusedException();
            }
            boolean advertisement = url.getPath().equals(repositoryPath + INFO_REFS)
                    && UPLOAD_PACK_QUERY.equals(url.getQuery());
            boolean uploadPack = url.getPath().equals(repositoryPath + UPLOAD_PACK) && url.getQuery() == null;
            if (!advertisement && !uploadPack) {
                throw new DumbHttpRefusedException();
            }
            return new GitHttpConnection(client, requests, url, advertisement);
        }
    }
}
