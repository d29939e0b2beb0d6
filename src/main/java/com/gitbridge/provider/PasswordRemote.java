package com.gitbridge.provider;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/** A remote that answers git's user name and password prompt, or none when {@code password} is {@code null}. */
record PasswordRemote(String cloneUrl, GitPassword password) implements GitRemote {

    @Override
    public void authenticate(Transport transport) {
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
