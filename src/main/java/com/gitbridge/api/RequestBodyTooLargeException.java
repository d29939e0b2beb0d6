package com.gitbridge.api;

import java.io.IOException;

/**
 * A request body grew past its limit while it was read. An {@link IOException}, so that whatever reads the body
 * (Jackson, a controller) gives up on it as it would on a broken connection; {@link ApiProblems} answers 413.
 */
class RequestBodyTooLargeException extends IOException {

    RequestBodyTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}
