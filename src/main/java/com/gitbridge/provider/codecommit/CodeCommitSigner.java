package com.gitbridge.provider.codecommit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.jgit.transport.URIish;

import com.gitbridge.provider.Credential;

/**
 * The password CodeCommit takes over git HTTPS for an IAM access key, as AWS's credential helper
 * ({@code aws codecommit credential-helper}) makes it: a Signature Version 4 signature of a pseudo-request with
 * method {@code GIT} for the repository's path and host, for service {@code codecommit}, sent as
 * {@code yyyyMMdd'T'HHmmss} + {@code Z} + hex signature. The user name is the access key id.
 */
final class CodeCommitSigner {

    /** CodeCommit's git endpoints (regular, FIPS, VPC endpoint, China); the region is the group. */
    private static final Pattern HOST = Pattern.compile(
            "(?:vpce-[^.]+\\.)?git-codecommit(?:-fips)?\\.([a-z0-9-]+)\\.(?:vpce\\.)?amazonaws\\.com(?:\\.cn)?");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final String SERVICE = "codecommit";

    private final Credential.AwsAccessKey key;
    private final Clock clock;

    CodeCommitSigner(Credential.AwsAccessKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** The password for {@code uri}; {@code null} for a host that is not CodeCommit, which never sees the key. */
    String passwordFor(URIish uri) {
        String host = uri.getHost();
        Matcher matcher = HOST.matcher(host == null ? "" : host.toLowerCase(Locale.ROOT));
        return matcher.matches() ? password(host, uri.getPath(), matcher.group(1)) : null;
    }

    String password(String host, String path, String region) {
        String timestamp = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(TIMESTAMP);
        String date = timestamp.substring(0, 8);
        String canonicalRequest = "GIT\n" + path + "\n\nhost:" + host + "\n\nhost\n";
        String scope = date + "/" + region + "/" + SERVICE + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] signingKey = hmac(("AWS4" + key.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        signingKey = hmac(signingKey, region);
        signingKey = hmac(signingKey, SERVICE);
        signingKey = hmac(signingKey, "aws4_request");
        return timestamp + "Z" + HexFormat.of().formatHex(hmac(signingKey, stringToSign));
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
