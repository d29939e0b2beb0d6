package com.gitbridge.credential;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.gitbridge.credential.UserTokenSettings.TokenSetting;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.CredentialForm;
import com.gitbridge.provider.NewTokenPage;
import com.gitbridge.provider.ProviderType;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/me/tokens}: any user, and only ever their own tokens. */
@RestController
@RequestMapping("/api/me/tokens")
class MeTokensController {

    private final UserTokenSettings settings;
    private final MessageSource messages;

    MeTokensController(UserTokenSettings settings, MessageSource messages) {
        this.settings = settings;
        this.messages = messages;
    }

    /** The contract's {@code UserToken}; the token itself never, only a hint of its last characters. */
    record UserTokenJson(String integrationId, String integrationName, ProviderType type, boolean required,
                         TokenStatus status, String hint, String login, List<String> scopes, Instant expiresAt,
                         String newTokenUrl, String tokenSteps) {
    }

    @GetMapping
    List<UserTokenJson> list(JiraUser user) {
        return settings.list(user).stream().map(this::json).toList();
    }

    @PutMapping("/{integrationId}")
    UserTokenJson save(JiraUser user, @PathVariable String integrationId, @RequestBody CredentialForm form) {
        return json(settings.save(user, integrationId, form));
    }

    @DeleteMapping("/{integrationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(JiraUser user, @PathVariable String integrationId) {
        settings.delete(user, integrationId);
    }

    private UserTokenJson json(TokenSetting setting) {
        var integration = setting.integration();
        var token = setting.token();
        boolean stored = token != null;
        return new UserTokenJson(integration.id(), integration.name(), integration.type(), integration.requireUserPat(),
                setting.status(), stored ? emptyToNull(token.hint()) : null, stored ? token.login() : null,
                stored ? token.scopes() : List.of(), stored ? token.expiresAt() : null,
                NewTokenPage.url(integration.endpoint()),
                messages.getMessage("token.steps." + integration.type().name(), null, Locale.ENGLISH));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
