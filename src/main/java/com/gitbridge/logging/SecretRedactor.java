package com.gitbridge.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks text shaped like a secret: JWTs (the Connect library puts whole tokens into exception messages), the
 * well-known token formats of GitHub, GitLab and Azure DevOps, the secret segment of a webhook path, and values that
 * what precedes them names as secret (an {@code Authorization} header, a {@code secret}/{@code password} field, an AWS
 * secret key after its key id, a password in a URL). A second line of defence: code never logs secrets on purpose.
 */
public final class SecretRedactor {

    public static final String MASK = "[redacted]";

    /** Secrets recognised by their own shape; the whole match is masked. */
    private static final Pattern TOKEN = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"      // JWT (header starts with {")
                    + "|\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"          // GitHub tokens
                    + "|\\bgithub_pat_[A-Za-z0-9_]{20,}"                       // GitHub fine-grained tokens
                    + "|\\bglpat-[A-Za-z0-9_-]{20,}"                           // GitLab personal tokens
                    // Azure DevOps PATs: 84 characters with the signature AZDO near their end; before those, 52
                    // characters of lowercase base32 (with a digit: a long word is no token).
                    + "|\\b(?=[A-Za-z0-9]{84}\\b)[A-Za-z0-9]{75,76}AZDO[A-Za-z0-9]{4,5}\\b"
                    + "|\\b(?=[a-z]*[2-7])[a-z2-7]{52}\\b");

    /**
     * Secrets recognised by what precedes them: group 1 is that context and stays, the rest is masked. Forty
     * characters of base64 are only an AWS secret key where a key id or a secret's name says so.
     */
    private static final List<Pattern> AFTER_CONTEXT = List.of(
            // A webhook's path: the integration id stays, the secret goes.
            afterContext("/webhooks/[^/\\s?#\"']+/", "[^/\\s?#;,\"']+"),
            // Authorization header values, however a client library prints its headers.
            afterContext("(?i)\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?\\s*(?:basic|bearer|jwt|token)\\s+",
                    "[^\\s\"',;}\\]]+"),
            afterContext("\\bBearer\\s+", "[A-Za-z0-9._~+/-]{16,}=*"),
            afterContext("\\bBasic\\s+", "(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{12,}={0,2}"),
            // An AWS secret access key right after its access key id.
            afterContext("\\b(?:AKIA|ASIA)[0-9A-Z]{16}[\\s\"':,;=|/]{1,5}", "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
            // A field whose name says it is secret: sharedSecret, secretAccessKey, aws_secret_access_key, password...
            afterContext("(?i)\\b[\\w.-]*(?:secret|password|passwd)[\\w.-]*[\"']?\\s*[:=]\\s*[\"']?",
                    "[^\\s\"',;&}\\]]{4,}"),
            // A password in a URL's user info.
            afterContext("\\b[a-z][a-z0-9+.-]*://[^\\s/:@]+:", "[^\\s/@]+(?=@)"));

    private static final String KEEP_CONTEXT = "$1" + Matcher.quoteReplacement(MASK);

    private SecretRedactor() {
    }

    /** {@code context} then {@code secret}, unless an earlier pattern has masked that secret already. */
    private static Pattern afterContext(String context, String secret) {
        return Pattern.compile("(" + context + ")(?!" + Pattern.quote(MASK) + ")" + secret);
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = TOKEN.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
        for (Pattern secret : AFTER_CONTEXT) {
            redacted = secret.matcher(redacted).replaceAll(KEEP_CONTEXT);
        }
        return redacted;
    }
}
