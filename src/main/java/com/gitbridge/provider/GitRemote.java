package com.gitbridge.provider;

import java.util.function.Function;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * One repository as git fetches it: the clone URL, what the host needs to let the fetch in, and what a failed
 * transfer means. Indexing reads git through this alone, without knowing which host it talks to; the credential
 * stays inside.
 */
public interface GitRemote {

    String cloneUrl();

    /** Gives {@code transport} what the host takes to authenticate a fetch. */
    void authenticate(Transport transport);

    /**
     * The {@link ProviderException} a failed transfer from {@code uri} stands for; its message holds neither the
     * credential nor user information of a URL.
     */
    ProviderException failure(URIish uri, TransportException e);

    /** A repository anyone may fetch. */
    static GitRemote anonymous(String cloneUrl) {
        return new PasswordRemote(cloneUrl, null);
    }

    /**
     * Git over HTTPS with a user name and password, the way hosts take a token.
     *
     * @param password the password for the URL git asks about; {@code null} offers that URL nothing
     */
    static GitRemote withPassword(String cloneUrl, String username, Function<URIish, String> password) {
        return new PasswordRemote(cloneUrl, new GitPassword(username, password));
    }
}
