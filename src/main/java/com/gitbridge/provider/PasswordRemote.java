package com.gitbridge.provider;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * A remote that answers git's user name and password prompt, or none when {@code password} is {@code null}, and
 * fetches over {@code http} (smart HTTP to the clone URL's origin only), or over JGit's own transports when
 * {@code http} is {@code null}.
 */
record PasswordRemote(String cloneUrl, GitPassword password, GitHttp http) implements GitRemote {

    @Override
    public void configure(Transport transport) {
        if (http != null) {
            http.bind(transport, cloneUrl);
        }
        transport.setCredentialsProvider(password);
    }

    @Override
    public ProviderException failure(URIish uri, TransportException e) {
        return GitTransportFailures.of(uri, e);
    }

    @Override
    public String toString() {
        return "GitRemote[****]";
    }
}
