package com.gitbridge.jira;

import java.util.List;

/**
 * A feature that stores Jira account ids. Each says which it stores, so they can be reported to Atlassian, and
 * forgets an account once Atlassian says it is closed.
 */
public interface StoredAccounts {

    /** Every site and account this feature stores something for, with when it last changed. */
    List<StoredAccount> storedAccounts();

    /** The account was closed: remove what this feature holds of that person on the site. */
    void forgetClosedAccount(String tenantId, String accountId);
}
