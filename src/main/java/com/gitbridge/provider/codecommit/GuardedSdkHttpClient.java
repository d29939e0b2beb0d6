package com.gitbridge.provider.codecommit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.function.Predicate;

import com.gitbridge.outbound.BodyLimit;
import com.gitbridge.outbound.OriginRefusedException;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The shared HTTP client as one provider's SDK clients use it: requests only to the endpoints of its region (or
 * to the endpoint override), and no answer read past {@link BodyLimit#MAX_BYTES}. Closing it leaves the shared
 * client open, which {@link AwsClients} owns.
 */
final class GuardedSdkHttpClient implements SdkHttpClient {

    private final SdkHttpClient http;
    private final Predicate<URI> allowed;

    GuardedSdkHttpClient(SdkHttpClient http, Predicate<URI> allowed) {
        this.http = http;
        this.allowed = allowed;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (!allowed.test(request.httpRequest().getUri())) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    throw new OriginRefusedException();
                }

                @Override
                public void abort() {
                }
            };
        }
        ExecutableHttpRequest exchange = http.prepareRequest(request);
        return new ExecutableHttpRequest() {
            /**
             * Reads the whole answer here: the SDK's parsers keep only the message of a failure in the stream they
             * read, and its answers are small JSON or XML documents it would hold whole anyway.
             */
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = exchange.call();
                AbortableInputStream body = response.responseBody().orElse(null);
                if (body == null) {
                    return response;
                }
                byte[] bytes;
                try {
                    bytes = BodyLimit.readAll(body);
                } catch (IOException e) {
                    body.abort();
                    throw e;
                }
                return HttpExecuteResponse.builder()
                        .response(response.httpResponse())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
                exchange.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return http.clientName();
    }

    @Override
    public void close() {
    }
}
