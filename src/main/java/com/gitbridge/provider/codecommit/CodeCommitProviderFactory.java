package com.gitbridge.provider.codecommit;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.gitbridge.outbound.Origin;
import com.gitbridge.outbound.OutboundAddresses;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitHttp;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.GitProviderFactory;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ListingLimits;
import com.gitbridge.provider.ProviderTimeouts;
import com.gitbridge.provider.ProviderType;

/**
 * AWS CodeCommit, addressed by region and acting with an IAM access key. Calls go to AWS's regional CodeCommit
 * and STS endpoints, or all to {@code gitbridge.aws.endpoint-override} when that is set.
 * Closed by Spring at shutdown, which releases the shared connection pool.
 */
@Component
public class CodeCommitProviderFactory implements GitProviderFactory, AutoCloseable {

    private final AwsClients clients;
    private final GitHttp git;
    private final ListingLimits limits;

    public CodeCommitProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses, String endpointOverride) {
        this(timeouts, addresses, endpointOverride, ListingLimits.DEFAULTS);
    }

    @Autowired
    public CodeCommitProviderFactory(ProviderTimeouts timeouts, OutboundAddresses addresses,
                                     @Value("${gitbridge.aws.endpoint-override:}") String endpointOverride,
                                     ListingLimits limits) {
        boolean overridden = endpointOverride != null && !endpointOverride.isBlank();
        this.clients = new AwsClients(timeouts, addresses, overridden ? URI.create(endpointOverride.strip()) : null);
        this.git = new GitHttp(addresses, timeouts.connectTimeout());
        this.limits = limits;
    }

    @Override
    public Set<ProviderType> supportedTypes() {
        return Set.of(ProviderType.AWS_CODECOMMIT);
    }

    @Override
    public GitProvider connect(HostEndpoint endpoint, Credential credential) {
        if (endpoint.type() != ProviderType.AWS_CODECOMMIT) {
            throw new IllegalArgumentException("Not an AWS CodeCommit endpoint: " + endpoint.type());
        }
        Credential.AwsAccessKey key = accessKey(credential);
        if (endpoint.region() == null || endpoint.region().isBlank()) {
            throw new IllegalArgumentException("AWS CodeCommit needs a region");
        }
        return new CodeCommitProvider(clients, key, endpoint.region().strip(), limits);
    }

    @Override
    public GitRemote gitRemote(HostEndpoint endpoint, Credential credential, String cloneUrl) {
        Credential.AwsAccessKey key = accessKey(credential);
        CodeCommitSigner signer = new CodeCommitSigner(key, Clock.systemUTC());
        return git.withPassword(cloneUrl, cloneOrigins(endpoint), key.accessKeyId(), signer::passwordFor);
    }

    /** CodeCommit's git endpoints of the integration's region: {@code git-codecommit.<region>.amazonaws.com}. */
    private static List<Origin> cloneOrigins(HostEndpoint endpoint) {
        String region = endpoint.region() == null ? "" : endpoint.region().strip().toLowerCase(Locale.ROOT);
        String domain = region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
        return List.of(new Origin("https", "git-codecommit." + region + domain, 443),
                new Origin("https", "git-codecommit-fips." + region + domain, 443));
    }

    private static Credential.AwsAccessKey accessKey(Credential credential) {
        if (!(credential instanceof Credential.AwsAccessKey key)) {
            throw new IllegalArgumentException("AWS CodeCommit needs an AWS access key, not " + credential);
        }
        return key;
    }

    @Override
    public void close() {
        clients.close();
        git.close();
    }
}
