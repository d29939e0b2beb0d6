package com.gitbridge.provider.codecommit;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.Pattern;

import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.GuardedDns;
import com.gitbridge.provider.ProviderTimeouts;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients of one provider. The connection pool and the timer thread behind the API call timeout
 * live here, once per application; the SDK treats both as not its own, so the per-provider clients built on them
 * hold no sockets or threads and need no closing: a provider (one request long) is simply dropped.
 * <p>
 * The pool connects only to addresses {@link OutboundAddresses} lets through, checked as they are dialled. A
 * provider's clients send only to its region's CodeCommit and STS endpoints, or to the endpoint override.
 */
final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final ScheduledExecutorService timeoutTimer;
    private final Duration apiCallTimeout;
    private final URI endpointOverride;

    AwsClients(ProviderTimeouts timeouts, OutboundAddresses addresses, URI endpointOverride) {
        this.http = ApacheHttpClient.builder()
                .dnsResolver(GuardedDns.forHttpClient4(addresses))
                .connectionTimeout(timeouts.connectTimeout())
                .connectionAcquisitionTimeout(timeouts.connectTimeout())
                .socketTimeout(timeouts.readTimeout())
                .build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "codecommit-api-call-timeout");
            thread.setDaemon(true);
            return thread;
        });
        // Every call schedules a timeout and cancels it when done; drop cancelled ones at once.
        timer.setRemoveOnCancelPolicy(true);
        this.timeoutTimer = timer;
        // A cap on the whole call, including a response that trickles in slower than the socket timeout notices.
        this.apiCallTimeout = timeouts.connectTimeout().plus(timeouts.readTimeout());
        this.endpointOverride = endpointOverride;
    }

    CodeCommitClient codeCommit(AwsCredentialsProvider credentials, Region region) {
        return configure(CodeCommitClient.builder(), credentials, region).build();
    }

    StsClient sts(AwsCredentialsProvider credentials, Region region) {
        return configure(StsClient.builder(), credentials, region).build();
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, AwsCredentialsProvider credentials, Region region) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(new GuardedSdkHttpClient(http, uri -> endpointOverride == null
                        ? isRegionalEndpoint(uri, region)
                        : Origin.required(endpointOverride.toString()).contains(uri)))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(apiCallTimeout)
                        .scheduledExecutorService(timeoutTimer));
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    /** {@code https://codecommit.<region>.amazonaws.com}, its STS sibling, their FIPS forms and China's domain. */
    private static boolean isRegionalEndpoint(URI uri, Region region) {
        Pattern endpoints = Pattern.compile("(?:codecommit|sts)(?:-fips)?\\." + Pattern.quote(region.id())
                + "\\.amazonaws\\.com(?:\\.cn)?");
        return Origin.of(uri)
                .filter(origin -> origin.scheme().equals("https") && origin.port() == 443
                        && endpoints.matcher(origin.host()).matches())
                .isPresent();
    }

    @Override
    public void close() {
        http.close();
        timeoutTimer.shutdownNow();
    }
}
