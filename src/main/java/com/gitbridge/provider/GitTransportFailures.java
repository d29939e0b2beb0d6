package com.gitbridge.provider;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.transport.URIish;

import com.gitbridge.provider.ProviderException.Kind;

/**
 * What JGit's transport failures mean, the same for every host: git over HTTP answers every host's refusals with
 * the same statuses, and JGit tells them apart only in its messages ({@code "<url>: not authorized"} and the like).
 */
final class GitTransportFailures {

    /** JGit's message for an HTTP status it has no word for: {@code "502 Bad Gateway"}. */
    private static final Pattern HTTP_STATUS = Pattern.compile("(\\d{3})(?: .*)?");

    private GitTransportFailures() {
    }

    static ProviderException of(URIish uri, TransportException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GitHttp.DumbHttpRefusedException) {
                return new ProviderException(Kind.HOST_REJECTED, "The host of " + uri + " does not answer in git's "
                        + "smart HTTP protocol, the only one the app fetches over", e);
            }
        }
        Optional<ProviderException> refused = OutboundFailures.of(e, "The host of " + uri);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (e instanceof NoRemoteRepositoryException) {
            return new ProviderException(Kind.NOT_FOUND, "The repository " + uri + " is not there or not visible to "
                    + "the credential", e);
        }
        String detail = detail(uri, e);
        JGitText text = JGitText.get();
        if (detail.equals(text.notAuthorized) || detail.equals(text.noCredentialsProvider)
                || detail.equals(text.authenticationNotSupported)) {
            return new ProviderException(Kind.CREDENTIAL_REJECTED, "The host of " + uri + " refused the credential "
                    + "(401)", e);
        }
        if (detail.contains(" not permitted on '")) {
            return new ProviderException(Kind.FORBIDDEN, "The credential may not read " + uri + " (403)", e);
        }
        Matcher status = HTTP_STATUS.matcher(detail);
        if (status.matches()) {
            return answered(uri, status.group(1), detail, e);
        }
        if (timedOut(e)) {
            return new ProviderException(Kind.HOST_UNAVAILABLE, "Fetching " + uri + " timed out", e);
        }
        return new ProviderException(Kind.HOST_UNAVAILABLE, "Could not fetch " + uri + ": the host could not be "
                + "reached or broke off", e);
    }

    /** JGit's message without the URL it starts with. */
    private static String detail(URIish uri, TransportException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String prefix = uri + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static ProviderException answered(URIish uri, String status, String detail, TransportException e) {
        if (status.equals("429")) {
            return new ProviderException(Kind.RATE_LIMITED, "The host of " + uri + " rate-limited the fetch (429)",
                    null, e);
        }
        return new ProviderException(Kind.HOST_UNAVAILABLE, "Could not fetch " + uri + ": the host answered " + detail,
                e);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException
                    || (cause.getMessage() != null && cause.getMessage().contains("timed out"))) {
                return true;
            }
        }
        return false;
    }
}
