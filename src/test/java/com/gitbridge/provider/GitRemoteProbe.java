package com.gitbridge.provider;

import java.net.URISyntaxException;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/** Asks a {@link GitRemote} what it gives git: the credentials a transport it authenticated would offer. */
public final class GitRemoteProbe {

    private GitRemoteProbe() {
    }

    /** The credentials provider the remote sets on a transport to its clone URL; {@code null} for none. */
    public static CredentialsProvider credentials(GitRemote remote) {
        try (InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("probe"));
             Transport transport = Transport.open(repository, new URIish(remote.cloneUrl()))) {
            remote.configure(transport);
            return transport.getCredentialsProvider();
        } catch (URISyntaxException | NotSupportedException | TransportException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** User name and password the remote offers when git asks for {@code url}; {@code null} if it offers none. */
    public static String[] offeredFor(GitRemote remote, String url) {
        CredentialsProvider credentials = credentials(remote);
        if (credentials == null) {
            return null;
        }
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();
        try {
            if (!credentials.get(new URIish(url), user, password)) {
                return null;
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        return new String[] {user.getValue(), new String(password.getValue())};
    }

    /** What the remote offers for its own clone URL. */
    public static String[] offered(GitRemote remote) {
        return offeredFor(remote, remote.cloneUrl());
    }
}
