package com.gitbridge.provider.gitlab;

import java.util.concurrent.Future;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;

import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;

/**
 * Jersey's default connector (the one gitlab4j uses), never following a redirect. gitlab4j switches following on
 * for every request target, which no client setting overrides; a property of the request itself does, as Jersey
 * reads request properties first, so the connector sets one on each request just before sending it.
 * Jersey creates this class by its name, given in gitlab4j's client properties; it must stay public.
 */
public final class NoRedirectConnectorProvider implements ConnectorProvider {

    private final HttpUrlConnectorProvider jerseyDefault = new HttpUrlConnectorProvider();

    @Override
    public Connector getConnector(Client client, Configuration runtimeConfig) {
        return new NoRedirectConnector(jerseyDefault.getConnector(client, runtimeConfig));
    }

    private record NoRedirectConnector(Connector connector) implements Connector {

        @Override
        public ClientResponse apply(ClientRequest request) {
            request.setProperty(ClientProperties.FOLLOW_REDIRECTS, false);
            return connector.apply(request);
        }

        @Override
        public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
            request.setProperty(ClientProperties.FOLLOW_REDIRECTS, false);
            return connector.apply(request, callback);
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
