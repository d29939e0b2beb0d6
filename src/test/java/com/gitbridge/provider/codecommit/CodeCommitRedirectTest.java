package com.gitbridge.provider.codecommit;

import com.gitbridge.provider.GitProvider;
import com.gitbridge.testing.hosts.RedirectRefusalTests;
import org.junit.jupiter.api.AfterEach;

/**
 * A redirect from the AWS endpoint (here the endpoint override, as AWS's own endpoints cannot be stood in for) is
 * never followed: the SDK's Apache client has redirect handling off, so the call fails and the redirect's target,
 * an internal address, is never contacted. CodeCommit and STS calls are all {@code POST /}.
 */
class CodeCommitRedirectTest extends RedirectRefusalTests {

    private final CodeCommitProviderFactory factory = AwsStubs.factory(wm);
    private final GitProvider provider = factory.connect(AwsStubs.ENDPOINT, AwsStubs.ALICE);

    @AfterEach
    void closeFactory() {
        factory.close();
    }

    @Override
    protected GitProvider provider() {
        return provider;
    }

    @Override
    protected String secret() {
        return AwsStubs.ALICE.secretAccessKey();
    }

    @Override
    protected String repository() {
        return "web";
    }
}
