package com.gitbridge.credential;

import java.util.List;

import com.gitbridge.jira.StoredAccount;
import com.gitbridge.jira.StoredAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The users who saved a personal access token, for personal data reporting; a closed account's tokens go. */
@Component
class UserTokenAccounts implements StoredAccounts {

    private static final Logger log = LoggerFactory.getLogger(UserTokenAccounts.class);

    private final UserTokens tokens;

    UserTokenAccounts(UserTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public List<StoredAccount> storedAccounts() {
        return tokens.storedAccounts();
    }

    @Override
    @Transactional
    public void forgetClosedAccount(String tenantId, String accountId) {
        int removed = tokens.deleteByAccount(tenantId, accountId);
        log.info("Removed {} user tokens of a closed Jira account on site {}", removed, tenantId);
    }
}
