package com.gitbridge.audit;

import java.util.List;

import com.gitbridge.jira.StoredAccount;
import com.gitbridge.jira.StoredAccounts;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail's actors, for personal data reporting. A closed account's entries stay (what happened on the
 * site is the site's record) but name {@value AuditTrail#CLOSED_ACCOUNT} instead of the person, without the host
 * login their own PAT acted as.
 */
@Component
class AuditAccounts implements StoredAccounts {

    private final AuditEntries entries;

    AuditAccounts(AuditEntries entries) {
        this.entries = entries;
    }

    @Override
    public List<StoredAccount> storedAccounts() {
        return entries.storedAccounts();
    }

    @Override
    @Transactional
    public void forgetClosedAccount(String tenantId, String accountId) {
        entries.clearUserHostLogins(tenantId, accountId);
        entries.markClosed(tenantId, accountId);
    }
}
