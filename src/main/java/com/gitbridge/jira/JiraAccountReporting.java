package com.gitbridge.jira;

import java.util.List;

/** Atlassian's personal data reporting: which of the account ids the app stores were closed or updated. */
public interface JiraAccountReporting {

    /** Atlassian takes at most this many accounts per request. */
    int MAX_ACCOUNTS_PER_REQUEST = 90;

    /**
     * Reports one site's accounts, at most {@value #MAX_ACCOUNTS_PER_REQUEST}.
     *
     * @throws JiraUnavailableException when Atlassian failed or answered something unreadable
     */
    AccountReport report(String tenantId, List<StoredAccount> accounts);
}
