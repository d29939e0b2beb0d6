package com.gitbridge.outbound;

import java.net.UnknownHostException;

/**
 * A host name the app does not connect to: it names this machine or resolves to an internal address. An
 * {@link UnknownHostException}, as HTTP clients pass those on from their name lookup unchanged.
 */
public final class AddressRefusedException extends UnknownHostException {

    public enum Reason {
        INTERNAL_NAME("points at an internal host"),
        INTERNAL_ADDRESS("resolves to a private or internal address");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final transient Reason reason;

    AddressRefusedException(String host, Reason reason) {
        super(host + " " + reason.text);
        this.reason = reason;
    }

    /** Why, as the end of a sentence about the URL: "resolves to a private or internal address". */
    public String reason() {
        return reason.text;
    }
}
