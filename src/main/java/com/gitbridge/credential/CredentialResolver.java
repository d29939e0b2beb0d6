package com.gitbridge.credential;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.gitbridge.api.ApiException;
import com.gitbridge.crypto.CredentialSealer;
import com.gitbridge.crypto.UnreadableSecretException;
import com.gitbridge.provider.Credential;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.integration.IntegrationAccess;
import com.gitbridge.integration.IntegrationInfo;
import com.gitbridge.jira.JiraLinks;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.NewTokenPage;
import com.gitbridge.provider.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place that decides which credential acts when a user creates a branch or pull request. Where an
 * integration requires a user PAT, only that user's valid PAT acts: never the integration account, never another
 * user's token.
 */
@Component
public class CredentialResolver {

    private static final Logger log = LoggerFactory.getLogger(CredentialResolver.class);

    /**
     * What to do, given whether the integration requires a user PAT and where the user's token stands; each with
     * the kind of credential that acts, or would have acted had it not been refused.
     */
    enum Decision {
        USE_INTEGRATION_ACCOUNT(CredentialKind.INTEGRATION_ACCOUNT),
        USE_USER_PAT(CredentialKind.USER_PAT),
        REFUSE_PAT_MISSING(CredentialKind.USER_PAT),
        REFUSE_PAT_EXPIRED(CredentialKind.USER_PAT),
        REFUSE_PAT_INVALID(CredentialKind.USER_PAT);

        final CredentialKind kind;

        Decision(CredentialKind kind) {
            this.kind = kind;
        }
    }

    static Decision decide(boolean userPatRequired, TokenStatus userToken) {
        if (!userPatRequired) {
            return Decision.USE_INTEGRATION_ACCOUNT;
        }
        return switch (userToken) {
            case VALID -> Decision.USE_USER_PAT;
            case MISSING -> Decision.REFUSE_PAT_MISSING;
            case EXPIRED -> Decision.REFUSE_PAT_EXPIRED;
            case INVALID -> Decision.REFUSE_PAT_INVALID;
        };
    }

    /** No credential acts: the problem the user gets, and whose credential it was that could not act. */
    public static final class Refused extends ApiException {

        private final CredentialKind credentialKind;

        Refused(CredentialKind credentialKind, HttpStatus status, String code, String detail, Map<String, Object> properties) {
            super(status, code, detail, properties);
            this.credentialKind = credentialKind;
        }

        Refused(CredentialKind credentialKind, ApiException refusal) {
            this(credentialKind, refusal.status(), refusal.code(), refusal.getMessage(), refusal.properties());
        }

        public CredentialKind credentialKind() {
            return credentialKind;
        }
    }

    private final UserTokens tokens;
    private final CredentialSealer sealer;
    private final HostConnections connections;
    private final JiraLinks links;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CredentialResolver(UserTokens tokens, CredentialSealer sealer, HostConnections connections, JiraLinks links,
                       TransactionTemplate transaction, Clock clock) {
        this.tokens = tokens;
        this.sealer = sealer;
        this.connections = connections;
        this.links = links;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * The credential that acts for {@code user} on {@code access}'s integration, or {@link Refused}: a 403
     * {@code USER_PAT_*}, or the integration's URL refused before any host is asked. The user's token is only read
     * where the integration requires one.
     */
    public ActingCredential resolve(JiraUser user, IntegrationAccess access) {
        IntegrationInfo integration = access.info();
        Optional<UserToken> token = integration.requireUserPat()
                ? user.account().flatMap(account ->
                        tokens.findByTenantIdAndIntegrationIdAndAccountId(user.tenantId(), integration.id(), account))
                : Optional.empty();
        TokenStatus status = token.map(t -> t.statusAt(clock.instant())).orElse(TokenStatus.MISSING);
        if (token.isPresent() && status == TokenStatus.EXPIRED) {
            markExpired(token.get().id());
        }
        Decision decision = decide(integration.requireUserPat(), status);
        return switch (decision) {
            case USE_INTEGRATION_ACCOUNT -> acting(decision, () -> connections.asIntegrationAccount(access),
                    integration.accountLogin(), null);
            case USE_USER_PAT -> {
                UserToken userToken = token.orElseThrow();
                Credential pat = openPat(user, integration, userToken);
                yield acting(decision, () -> connections.with(integration, pat), userToken.login(), userToken.id());
            }
            case REFUSE_PAT_MISSING -> throw patProblem(user, integration, "USER_PAT_REQUIRED",
                    integration.name() + " creates branches and pull requests as you: save your personal access token "
                            + "in Git Bridge user settings first.");
            case REFUSE_PAT_EXPIRED -> throw patProblem(user, integration, "USER_PAT_EXPIRED",
                    "Your personal access token for " + integration.name() + " has expired: save a new one in Git Bridge user settings.");
            case REFUSE_PAT_INVALID -> throw patProblem(user, integration, "USER_PAT_INVALID",
                    integration.name() + " rejected your personal access token: save a new one in Git Bridge user settings.");
        };
    }

    /**
     * What to throw when the host refused the acting credential: a user's PAT is marked {@code INVALID} and the user
     * is sent to set up a new one; the integration account's refusal is the host's failure as it is.
     */
    public RuntimeException refusedByHost(JiraUser user, IntegrationInfo integration, ActingCredential acting, ProviderException refusal) {
        if (acting.kind() != CredentialKind.USER_PAT || refusal.kind() != ProviderException.Kind.CREDENTIAL_REJECTED) {
            return refusal;
        }
        transaction.executeWithoutResult(status -> tokens.findById(acting.userTokenId())
                .ifPresent(token -> token.rejectedByHost(clock.instant())));
        log.info("Host refused the personal access token of the user for integration {}; marked INVALID", integration.id());
        return patProblem(user, integration, "USER_PAT_INVALID",
                integration.name() + " rejected your personal access token: save a new one in Git Bridge user settings.");
    }

    /** The user's PAT; one that does not open (sealed for another row or site) is marked {@code INVALID}, as if refused. */
    private Credential openPat(JiraUser user, IntegrationInfo integration, UserToken token) {
        try {
            return sealer.open(token.sealedToken(), token.sealContext());
        } catch (UnreadableSecretException e) {
            transaction.executeWithoutResult(status -> tokens.findById(token.id())
                    .ifPresent(stored -> stored.rejectedByHost(clock.instant())));
            log.warn("The stored personal access token {} for integration {} does not open; marked INVALID",
                    token.id(), integration.id());
            throw patProblem(user, integration, "USER_PAT_INVALID",
                    "Your saved personal access token for " + integration.name()
                            + " cannot be read: save a new one in Git Bridge user settings.");
        }
    }

    /** The decided credential, connected: {@link HostConnections} refuses an integration URL the guard refuses. */
    private static ActingCredential acting(Decision decision, Supplier<GitProvider> connect, String login, String userTokenId) {
        try {
            return new ActingCredential(decision.kind, connect.get(), login, userTokenId);
        } catch (ApiException refused) {
            throw new Refused(decision.kind, refused);
        }
    }

    private void markExpired(String tokenId) {
        transaction.executeWithoutResult(status -> tokens.findById(tokenId).ifPresent(token -> token.expired(clock.instant())));
    }

    private Refused patProblem(JiraUser user, IntegrationInfo integration, String code, String detail) {
        return new Refused(CredentialKind.USER_PAT, HttpStatus.FORBIDDEN, code, detail, Map.of(
                "settingsUrl", links.userSettings(user),
                "newTokenUrl", NewTokenPage.url(integration.endpoint()),
                "integrationId", integration.id()));
    }
}
