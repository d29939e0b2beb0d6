package com.gitbridge.provider.gitlab;

import java.util.Map;
import java.util.concurrent.Future;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;

import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.glassfish.jersey.apache.connector.ApacheClientProperties;
import org.glassfish.jersey.apache.connector.ApacheConnectorProvider;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.RequestEntityProcessing;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;

import com.gitbridge.outbound.BodyLimit;
import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OriginRefusedException;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.GuardedDns;

/**
 * Jersey's Apache HttpClient connector (a gitlab4j dependency) under gitlab4j, over one connection pool whose
 * connections go only to addresses {@link OutboundAddresses} lets through, checked as they are dialled. Each
 * request must go to the integration's origin and never follows a redirect: gitlab4j switches following on for
 * every request target, which no client setting overrides, but a property of the request itself does, as Jersey
 * reads request properties first, so the connector sets one on each request just before sending it. No answer is
 * read past {@link BodyLimit#MAX_BYTES}.
 * <p>
 * Jersey creates this class by its name, given in gitlab4j's client properties with everything it needs
 * ({@link #clientProperties}); it must stay public.
 */
public final class GuardedConnectorProvider implements ConnectorProvider {

    /** The {@link Origin} every request of the client must go to. */
    private static final String ORIGIN = GuardedConnectorProvider.class.getName() + ".origin";
    /** Per host: the host-call threads (64 by default) and the indexing jobs' threads together stay below it. */
    private static final int CONNECTIONS_PER_HOST = 100;

    private final ApacheConnectorProvider apache = new ApacheConnectorProvider();

    /** The pool all GitLab clients share; the credential travels per request, never per connection. */
    static PoolingHttpClientConnectionManager connectionPool(OutboundAddresses addresses) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSocketFactory())
                        .build(),
                null, GuardedDns.forHttpClient4(addresses));
        pool.setDefaultMaxPerRoute(CONNECTIONS_PER_HOST);
        pool.setMaxTotal(CONNECTIONS_PER_HOST * 4);
        // a kept connection the host may have closed meanwhile is checked before it carries a request
        pool.setValidateAfterInactivity(2_000);
        return pool;
    }

    /** gitlab4j's client properties for a client of the host at {@code origin}, over {@code pool}. */
    static Map<String, Object> clientProperties(Origin origin, PoolingHttpClientConnectionManager pool) {
        HttpRequestRetryHandler noRetries = (failure, executions, context) -> false;
        return Map.of(
                ClientProperties.CONNECTOR_PROVIDER, GuardedConnectorProvider.class.getName(),
                ORIGIN, origin,
                ApacheClientProperties.CONNECTION_MANAGER, pool,
                ApacheClientProperties.CONNECTION_MANAGER_SHARED, true,
                // A session cookie from one credential's answer must never ride on another's request.
                ApacheClientProperties.DISABLE_COOKIES, true,
                // Retrying is the caller's decision: a branch creation that reached the host must not be sent twice.
                ApacheClientProperties.RETRY_HANDLER, noRetries,
                ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED);
    }

    @Override
    public Connector getConnector(Client client, Configuration runtimeConfig) {
        Object origin = runtimeConfig.getProperty(ORIGIN);
        if (!(origin instanceof Origin bound)) {
            throw new IllegalStateException("A GitLab client needs the origin it is bound to");
        }
        return new GuardedConnector(apache.getConnector(client, runtimeConfig), bound);
    }

    private record GuardedConnector(Connector connector, Origin origin) implements Connector {

        @Override
        public ClientResponse apply(ClientRequest request) {
            check(request);
            ClientResponse response = connector.apply(request);
            response.setEntityStream(BodyLimit.limited(response.getEntityStream()));
            return response;
        }

        @Override
        public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
            check(request);
            return connector.apply(request, new AsyncConnectorCallback() {
                @Override
                public void response(ClientResponse response) {
                    response.setEntityStream(BodyLimit.limited(response.getEntityStream()));
                    callback.response(response);
                }

                @Override
                public void failure(Throwable failure) {
                    callback.failure(failure);
                }
            });
        }

        private void check(ClientRequest request) {
            if (!origin.contains(request.getUri())) {
                throw new ProcessingException(new OriginRefusedException());
            }
            request.setProperty(ClientProperties.FOLLOW_REDIRECTS, false);
        }

        @Override
        public String getName() {
            return connector.getName();
        }

        @Override
        public void close() {
            connector.close();
        }
    }
}
