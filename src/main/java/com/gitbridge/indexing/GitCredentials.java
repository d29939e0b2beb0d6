package com.gitbridge.indexing;

import java.time.Clock;
import java.util.function.Function;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.ProviderType;

/**
 * The user name and password git over HTTPS takes for a host's credential: a token as the password under the user
 * name the host expects, or for CodeCommit the access key id and a signature of the request, as AWS's own git
 * credential helper makes them. {@code toString()} never reveals the secret.
 */
public final class GitCredentials extends CredentialsProvider {

    private final String username;
    private final Function<URIish, String> password;

    private GitCredentials(String username, Function<URIish, String> password) {
        this.username = username;
        this.password = password;
    }

    /**
     * Credentials for fetching from a host of {@code type}.
     *
     * @throws IllegalArgumentException if the credential is not of the shape the host takes
     */
    public static GitCredentials of(ProviderType type, Credential credential) {
        return of(type, credential, Clock.systemUTC());
    }

    static GitCredentials of(ProviderType type, Credential credential, Clock clock) {
        return switch (type) {
            case GITHUB, GITHUB_ENTERPRISE -> token("x-access-token", credential, type);
            case GITLAB, GITLAB_SELF_MANAGED -> token("oauth2", credential, type);
            // Azure DevOps ignores the user name of a PAT; it must merely not be empty.
            case AZURE_DEVOPS, VSTS, TFS -> token("pat", credential, type);
            case AWS_CODECOMMIT -> {
                if (!(credential instanceof Credential.AwsAccessKey key)) {
                    throw wrongShape(type);
                }
                CodeCommitSigner signer = new CodeCommitSigner(key, clock);
                yield new GitCredentials(key.accessKeyId(), signer::passwordFor);
            }
        };
    }

    /** CodeCommit credentials signed for {@code region} whatever the host, for a stand-in of CodeCommit in tests. */
    static GitCredentials codeCommit(Credential.AwsAccessKey key, String region, Clock clock) {
        CodeCommitSigner signer = new CodeCommitSigner(key, clock);
        return new GitCredentials(key.accessKeyId(), uri -> signer.password(uri.getHost(), uri.getPath(), region));
    }

    private static GitCredentials token(String username, Credential credential, ProviderType type) {
        if (!(credential instanceof Credential.Token token)) {
            throw wrongShape(type);
        }
        String value = token.value();
        return new GitCredentials(username, uri -> value);
    }

    private static IllegalArgumentException wrongShape(ProviderType type) {
        return new IllegalArgumentException(type.displayName() + " does not take a credential of this kind");
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
        return "GitCredentials[****]";
    }
}
