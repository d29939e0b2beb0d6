package com.gitbridge;

import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * In production the app trusts Atlassian's install-keys server and AWS's own endpoints only. Whoever serves an
 * overridden {@code atlassian.connect.public-key-base-url} can sign installs for any site, and an overridden
 * {@code gitbridge.aws.endpoint-override} receives every CodeCommit access key. Both exist for tests and
 * AWS-compatible endpoints, so the {@code production} profile refuses to start with either set unless
 * {@code gitbridge.allow-endpoint-overrides=true} says the operator means it.
 */
@Component
class ProductionEndpoints {

    static final List<String> OVERRIDES = List.of("atlassian.connect.public-key-base-url", "gitbridge.aws.endpoint-override");
    static final String ALLOW = "gitbridge.allow-endpoint-overrides";

    ProductionEndpoints(Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of("production"))
                || environment.getProperty(ALLOW, Boolean.class, false)) {
            return;
        }
        List<String> overridden = OVERRIDES.stream()
                .filter(name -> StringUtils.hasText(environment.getProperty(name)))
                .toList();
        if (!overridden.isEmpty()) {
            throw new IllegalStateException("The production profile does not start with " + String.join(" or ", overridden)
                    + " set: it sends installs' trust or AWS credentials to another endpoint. Unset it, or set "
                    + ALLOW + "=true (GITBRIDGE_ALLOW_ENDPOINT_OVERRIDES) if that endpoint is meant.");
        }
    }
}
