package com.gitbridge.provider;

import java.util.concurrent.TimeoutException;

/** A listing went past one of its {@link ListingLimits}, or the host repeated a page; the message says which. */
public final class ListingLimitExceeded extends ProviderException {

    ListingLimitExceeded(String message) {
        super(Kind.HOST_UNAVAILABLE, message);
    }

    ListingLimitExceeded(String message, TimeoutException deadline) {
        super(Kind.HOST_UNAVAILABLE, message, deadline);
    }
}
