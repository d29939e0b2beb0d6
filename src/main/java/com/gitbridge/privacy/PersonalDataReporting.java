package com.gitbridge.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.gitbridge.jira.AccountReport;
import com.gitbridge.jira.JiraAccountReporting;
import com.gitbridge.jira.SiteUninstalled;
import com.gitbridge.jira.StoredAccount;
import com.gitbridge.jira.StoredAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Atlassian's personal data reporting, per site: every Jira account id the app stores is reported (at most
 * {@value JiraAccountReporting#MAX_ACCOUNTS_PER_REQUEST} per request); what the app holds of a closed account is
 * forgotten at once. The app stores account ids only, no profile data, so an updated account changes nothing.
 * A site is reported again after the configured interval or Atlassian's longer {@code Cycle-Period}, after
 * {@code Retry-After} when rate limited, and at the next look when Atlassian failed.
 */
@Component
class PersonalDataReporting {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataReporting.class);

    private final List<StoredAccounts> holders;
    private final JiraAccountReporting reporting;
    private final SiteReports reports;
    private final PrivacySettings settings;
    private final Clock clock;

    PersonalDataReporting(List<StoredAccounts> holders, JiraAccountReporting reporting, SiteReports reports,
                          PrivacySettings settings, Clock clock) {
        this.holders = holders;
        this.reporting = reporting;
        this.reports = reports;
        this.settings = settings;
        this.clock = clock;
    }

    /** Reports every site that stores account ids and is due. One site's failure does not stop the others. */
    void reportDueSites() {
        Instant now = clock.instant();
        storedAccountsBySite().forEach((tenantId, accounts) -> {
            boolean due = reports.findById(tenantId).map(report -> !report.nextReportAt().isAfter(now)).orElse(true);
            if (!due) {
                return;
            }
            try {
                reports.save(new SiteReport(tenantId, reportSite(tenantId, accounts, now)));
            } catch (RuntimeException e) {
                log.warn("Personal data report for site {} failed, tried again at the next look: {}", tenantId,
                        e.getClass().getSimpleName());
            }
        });
    }

    /** Reports one site's accounts batch by batch; answers when the site is due again. */
    private Instant reportSite(String tenantId, List<StoredAccount> accounts, Instant now) {
        Duration next = settings.reportInterval();
        int closed = 0;
        for (int from = 0; from < accounts.size(); from += JiraAccountReporting.MAX_ACCOUNTS_PER_REQUEST) {
            List<StoredAccount> batch = accounts.subList(from,
                    Math.min(accounts.size(), from + JiraAccountReporting.MAX_ACCOUNTS_PER_REQUEST));
            AccountReport answer = reporting.report(tenantId, batch);
            if (answer instanceof AccountReport.RateLimited limited) {
                log.info("Personal data report for site {} rate limited; again in {}", tenantId, limited.retryAfter());
                return now.plus(limited.retryAfter());
            }
            AccountReport.Statuses statuses = (AccountReport.Statuses) answer;
            closed += forgetClosed(tenantId, batch, statuses.closed());
            Optional<Duration> cyclePeriod = statuses.cyclePeriod();
            if (cyclePeriod.isPresent() && cyclePeriod.get().compareTo(next) > 0) {
                next = cyclePeriod.get();
            }
        }
        log.info("Reported {} accounts of site {}: {} closed and forgotten", accounts.size(), tenantId, closed);
        return now.plus(next);
    }

    /** Only accounts of this batch: an answer naming others is not trusted to delete anything of theirs. */
    private int forgetClosed(String tenantId, List<StoredAccount> batch, Set<String> closed) {
        int forgotten = 0;
        for (StoredAccount account : batch) {
            if (closed.contains(account.accountId())) {
                holders.forEach(holder -> holder.forgetClosedAccount(tenantId, account.accountId()));
                forgotten++;
            }
        }
        return forgotten;
    }

    /** Per site, each account once, with the latest change any feature holds for it, in a stable order. */
    private Map<String, List<StoredAccount>> storedAccountsBySite() {
        Map<String, Map<String, StoredAccount>> latest = new TreeMap<>();
        for (StoredAccounts holder : holders) {
            for (StoredAccount account : holder.storedAccounts()) {
                latest.computeIfAbsent(account.tenantId(), site -> new TreeMap<>())
                        .merge(account.accountId(), account, (a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b);
            }
        }
        Map<String, List<StoredAccount>> bySite = new TreeMap<>();
        latest.forEach((site, accounts) -> bySite.put(site, new ArrayList<>(accounts.values())));
        return bySite;
    }

    @EventListener
    void siteUninstalled(SiteUninstalled event) {
        reports.deleteById(event.tenantId());
    }
}
