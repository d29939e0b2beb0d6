package com.gitbridge.outbound;

import java.io.IOException;

/**
 * A request to another origin than the one its client is bound to, such as a pagination link or a redirect that
 * a host aims elsewhere; it is never sent. The message names neither URL: the host chose it, it may hold anything.
 */
public final class OriginRefusedException extends IOException {

    public OriginRefusedException() {
        super("a request to another origin than the integration's host was refused");
    }
}
