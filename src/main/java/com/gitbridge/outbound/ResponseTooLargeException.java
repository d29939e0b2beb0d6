package com.gitbridge.outbound;

import java.io.IOException;

/** A host's answer went past {@link BodyLimit#MAX_BYTES}; the rest of it is not read. */
public final class ResponseTooLargeException extends IOException {

    ResponseTooLargeException() {
        super("the host's answer exceeded " + BodyLimit.MAX_BYTES / (1024 * 1024) + " MB");
    }
}
