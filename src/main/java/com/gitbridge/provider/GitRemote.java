package com.gitbridge.provider;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * One repository as git fetches it: the clone URL, how the fetch reaches the host and what the host needs to let
 * it in, and what a failed transfer means. Indexing reads git through this alone, without knowing which host it
 * talks to; the credential stays inside. Remotes of a host come from its adapter, made by {@link GitHttp}.
 */
public interface GitRemote {

    String cloneUrl();

    /**
     * Makes {@code transport} fetch the way this remote allows (for a host's repository: git's smart HTTP protocol,
     * to the clone URL's origin only) and gives it what the host takes to authenticate the fetch.
     *
     * @throws IllegalArgumentException if the transport is not one this remote can fetch over
     */
    void configure(Transport transport);

    /**
     * The {@link ProviderException} a failed transfer from {@code uri} stands for; its message holds neither the
     * credential nor user information of a URL.
     */
    ProviderException failure(URIish uri, TransportException e);

    /**
     * A repository anyone may fetch, over any of JGit's transports and without a credential: local repositories
     * and tests. A host's repositories are fetched through {@link GitHttp} instead.
     */
    static GitRemote anonymous(String cloneUrl) {
        return new PasswordRemote(cloneUrl, null, null);
    }
}
