package com.gitbridge.provider;

import java.util.function.Function;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * The user name and password git over HTTPS asks for, the password made for the URL asked about (CodeCommit signs
 * each one). {@code toString()} never reveals the secret.
 */
final class GitPassword extends CredentialsProvider {

    private final String username;
    private final Function<URIish, String> password;

    GitPassword(String username, Function<URIish, String> password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        String secret = password.apply(uri);
        if (secret == null) {
            return false;
        }
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username user) {
                user.setValue(username);
            } else if (item instanceof CredentialItem.Password pass) {
                pass.setValue(secret.toCharArray());
            } else {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "GitPassword[****]";
    }
}
