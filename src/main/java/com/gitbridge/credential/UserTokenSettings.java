package com.gitbridge.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.gitbridge.api.ApiException;
import com.gitbridge.crypto.CredentialSealer;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.integration.IntegrationInfo;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.CredentialForm;
import com.gitbridge.provider.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** A user's own personal access tokens: listed per integration, saved after the host accepted them, removed. */
@Service
class UserTokenSettings {

    private static final Logger log = LoggerFactory.getLogger(UserTokenSettings.class);

    /** One integration of the site and where the user stands with it. */
    record TokenSetting(IntegrationInfo integration, TokenStatus status, UserToken token) {
    }

    private final UserTokens tokens;
    private final HostConnections connections;
    private final CredentialSealer sealer;
    private final TransactionTemplate transaction;
    private final Clock clock;

    UserTokenSettings(UserTokens tokens, HostConnections connections, CredentialSealer sealer,
                      TransactionTemplate transaction, Clock clock) {
        this.tokens = tokens;
        this.connections = connections;
        this.sealer = sealer;
        this.transaction = transaction;
        this.clock = clock;
    }

    List<TokenSetting> list(JiraUser user) {
        String account = requireAccount(user);
        Map<String, UserToken> mine = new LinkedHashMap<>();
        tokens.findByTenantIdAndAccountId(user.tenantId(), account).forEach(token -> mine.put(token.integrationId(), token));
        Instant now = clock.instant();
        return connections.list(user.tenantId()).stream().map(integration -> {
            UserToken token = mine.get(integration.id());
            return new TokenSetting(integration, token == null ? TokenStatus.MISSING : token.statusAt(now), token);
        }).toList();
    }

    TokenSetting save(JiraUser user, String integrationId, CredentialForm form) {
        String account = requireAccount(user);
        IntegrationInfo integration = integration(user, integrationId);
        Map<String, String> errors = new LinkedHashMap<>();
        Credential credential = CredentialForm.validate(form, integration.type(), "", errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        CredentialCheck check;
        try {
            check = connections.with(integration, credential).validate();
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.CREDENTIAL_REJECTED || e.kind() == ProviderException.Kind.FORBIDDEN) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "TOKEN_REJECTED",
                        integration.name() + " did not accept the token: " + e.getMessage());
            }
            throw e;
        }
        Instant now = clock.instant();
        if (check.expiresAt() != null && !check.expiresAt().isAfter(now)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "TOKEN_REJECTED", "This token has already expired");
        }
        UserToken saved = transaction.execute(status -> {
            UserToken token = tokens.findByTenantIdAndIntegrationIdAndAccountId(user.tenantId(), integrationId, account)
                    .orElseGet(() -> new UserToken(UUID.randomUUID().toString(), user.tenantId(), integrationId, account, now));
            token.accepted(sealer.seal(credential, token.sealContext()), credential.hint(), check.login(), check.scopes(),
                    check.expiresAt(), now);
            return tokens.save(token);
        });
        log.info("User saved a personal access token for integration {}, acting as {}", integrationId, check.login());
        return new TokenSetting(integration, TokenStatus.VALID, saved);
    }

    void delete(JiraUser user, String integrationId) {
        String account = requireAccount(user);
        integration(user, integrationId);
        transaction.executeWithoutResult(status -> tokens
                .findByTenantIdAndIntegrationIdAndAccountId(user.tenantId(), integrationId, account)
                .ifPresent(tokens::delete));
    }

    @EventListener
    @Transactional
    void integrationDeleted(IntegrationDeleted event) {
        int removed = tokens.deleteByIntegration(event.tenantId(), event.integrationId());
        log.info("Removed {} user tokens of deleted integration {}", removed, event.integrationId());
    }

    private IntegrationInfo integration(JiraUser user, String integrationId) {
        return connections.find(user.tenantId(), integrationId).orElseThrow(() -> ApiException.notFound("Integration"));
    }

    private static String requireAccount(JiraUser user) {
        Optional<String> account = user.account();
        return account.orElseThrow(() -> ApiException.notAllowed("Sign in to Jira to manage your tokens"));
    }
}
