package com.gitbridge.connect;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.atlassian.connect.spring.AtlassianHost;

/**
 * The create-branch page's own short-lived token. Jira opens the page in a browser tab with a JWT in its URL, and a
 * top-level page has no {@code AP.context.getToken()} to get another; the page's form therefore carries this token in
 * a hidden field, never in a URL, and each post of the form is authenticated by it alone. It names one site, one user
 * and one issue and lives {@link #LIFETIME} from the JWT's page load. Its MAC is keyed by a key derived from the site's
 * shared secret for this purpose only, so it cannot pass for a Connect JWT, and a reinstall (a new secret) or an
 * uninstall ends it.
 */
final class CreateBranchPageTokens {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String PURPOSE = ConnectDescriptor.ADDON_KEY + " create-branch page token v1";
    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a token says, once its MAC has been checked against its site's secret. */
    record Claims(String clientKey, String accountId, String issueKey, Instant expiresAt) {
    }

    private final Clock clock;

    CreateBranchPageTokens(Clock clock) {
        this.clock = clock;
    }

    String issue(AtlassianHost host, String accountId, String issueKey) {
        Instant expiresAt = clock.instant().plus(LIFETIME);
        String claims = String.join(".", encode(host.getClientKey()), encode(accountId), encode(issueKey),
                Long.toString(expiresAt.getEpochSecond()));
        return claims + "." + ENCODER.encodeToString(mac(host.getSharedSecret(), claims));
    }

    /** The site the token says it is for, unchecked: whose secret to verify it with. */
    static Optional<String> clientKey(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(parts[0]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token's claims if {@code host}'s secret made its MAC and it has not expired; else empty. */
    Optional<Claims> verify(String token, AtlassianHost host) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 5 || host.getSharedSecret() == null) {
            return Optional.empty();
        }
        try {
            String claims = String.join(".", parts[0], parts[1], parts[2], parts[3]);
            if (!MessageDigest.isEqual(mac(host.getSharedSecret(), claims), DECODER.decode(parts[4]))) {
                return Optional.empty();
            }
            Claims verified = new Claims(decode(parts[0]), decode(parts[1]), decode(parts[2]),
                    Instant.ofEpochSecond(Long.parseLong(parts[3])));
            if (!verified.clientKey().equals(host.getClientKey()) || !clock.instant().isBefore(verified.expiresAt())) {
                return Optional.empty();
            }
            return Optional.of(verified);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(String sharedSecret, String claims) {
        byte[] key = hmac(sharedSecret.getBytes(StandardCharsets.UTF_8), PURPOSE);
        return hmac(key, claims);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String encode(String value) {
        return ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return new String(DECODER.decode(value), StandardCharsets.UTF_8);
    }
}
