package com.gitbridge.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How far one listing of a host (repositories, branches or pull requests) may go: so many pages, so many items, so
 * much time. A host that lists more has gone wrong or is hostile; the listing then ends (see {@link Listing}).
 *
 * @param maxPages        pages one listing may request
 * @param maxItems        items one listing may hold
 * @param listingDeadline time one listing may take, from its first request to its last
 */
@ConfigurationProperties("gitbridge.provider")
public record ListingLimits(@DefaultValue("1000") int maxPages, @DefaultValue("50000") int maxItems,
                            @DefaultValue("10m") Duration listingDeadline) {

    public static final ListingLimits DEFAULTS = new ListingLimits(1000, 50_000, Duration.ofMinutes(10));

    public ListingLimits {
        if (maxPages < 1 || maxItems < 1 || listingDeadline == null || listingDeadline.isNegative() || listingDeadline.isZero()) {
            throw new IllegalArgumentException("Listing limits must be positive");
        }
    }

    /** A listing of {@code subject} ("repositories", "branches of acme/app") on {@code host}, starting now. */
    public Listing start(String host, String subject) {
        return new Listing(this, host, subject);
    }
}
