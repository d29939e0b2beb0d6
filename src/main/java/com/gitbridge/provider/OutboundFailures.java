package com.gitbridge.provider;

import java.util.Optional;

import com.gitbridge.outbound.AddressRefusedException;
import com.gitbridge.outbound.BodyLimit;
import com.gitbridge.outbound.OriginRefusedException;
import com.gitbridge.outbound.ResponseTooLargeException;

/**
 * What the guarded transport's refusals mean to the people who see them, the same for every host: a request to
 * another origin or to an internal address was not sent, or an answer was cut off at {@link BodyLimit#MAX_BYTES}.
 */
public final class OutboundFailures {

    private OutboundFailures() {
    }

    /**
     * The {@link ProviderException} for the first of the transport's refusals among {@code failure} and its causes;
     * empty if the failure is none of them.
     *
     * @param host who is talking, for the message: "GitHub Enterprise"
     */
    public static Optional<ProviderException> of(Throwable failure, String host) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OriginRefusedException) {
                return Optional.of(new ProviderException(ProviderException.Kind.HOST_REJECTED, host
                        + " linked to another origin; the app calls only the integration's own host", failure));
            }
            if (cause instanceof AddressRefusedException refused) {
                return Optional.of(new ProviderException(ProviderException.Kind.HOST_REJECTED, host
                        + ": the host name " + refused.reason() + ", which the app does not call", failure));
            }
            if (cause instanceof ResponseTooLargeException) {
                return Optional.of(new ProviderException(ProviderException.Kind.HOST_UNAVAILABLE, host
                        + ": the host's answer exceeded " + BodyLimit.MAX_BYTES / (1024 * 1024) + " MB", failure));
            }
        }
        return Optional.empty();
    }
}
