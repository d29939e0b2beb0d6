package com.gitbridge.provider.codecommit;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

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
 */
final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final ScheduledExecutorService timeoutTimer;
    private final Duration apiCallTimeout;
    private final URI endpointOverride;

    AwsClients(ProviderTimeouts timeouts, URI endpointOverride) {
        this.http = ApacheHttpClient.builder()
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
                .httpClient(http)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(apiCallTimeout)
                        .scheduledExecutorService(timeoutTimer));
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    @Override
    public void close() {
        http.close();
        timeoutTimer.shutdownNow();
    }
}
