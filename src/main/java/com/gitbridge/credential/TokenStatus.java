package com.gitbridge.credential;

/** Where a user stands with their personal access token for one integration. */
public enum TokenStatus {
    /** No token saved. */
    MISSING,
    /** Saved, accepted by the host, not known to be expired. */
    VALID,
    /** Past the expiry the host told us. */
    EXPIRED,
    /** The host refused it (401) when it was used. */
    INVALID
}
