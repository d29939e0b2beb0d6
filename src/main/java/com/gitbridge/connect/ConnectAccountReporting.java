package com.gitbridge.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.jira.AccountReport;
import com.gitbridge.jira.JiraAccountReporting;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.StoredAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * {@link JiraAccountReporting} over Atlassian's personal data reporting API as a Connect app offers it:
 * {@code POST /app/report-accounts/} on the site, JWT-signed as the app (Atlassian's "User privacy guide for app
 * developers"). Atlassian answers 200
 * with the accounts that were closed or updated, 204 when none was, 429 with {@code Retry-After}, and a
 * {@code Cycle-Period} header (days) with the period it wants between reports.
 */
@Component
class ConnectAccountReporting implements JiraAccountReporting {

    private static final Logger log = LoggerFactory.getLogger(ConnectAccountReporting.class);
    static final String REPORT_PATH = "/app/report-accounts/";
    /** When a 429 names no usable {@code Retry-After}. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofHours(1);

    private final JiraRestTemplates jiraRest;
    private final AtlassianHostRepository hosts;
    private final ObjectMapper json;
    private final Clock clock;

    ConnectAccountReporting(JiraRestTemplates jiraRest, AtlassianHostRepository hosts, ObjectMapper json,
                            Clock clock) {
        this.jiraRest = jiraRest;
        this.hosts = hosts;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AccountReport report(String tenantId, List<StoredAccount> accounts) {
        if (accounts.size() > MAX_ACCOUNTS_PER_REQUEST) {
            throw new IllegalArgumentException("At most " + MAX_ACCOUNTS_PER_REQUEST + " accounts per report");
        }
        AtlassianHost host = hosts.findById(tenantId)
                .orElseThrow(() -> new JiraUnavailableException("Unknown site " + tenantId, null));
        List<Map<String, String>> reported = accounts.stream().map(account -> Map.of("accountId", account.accountId(),
                "updatedAt", account.updatedAt().truncatedTo(ChronoUnit.MILLIS).toString())).toList();
        ResponseEntity<String> response;
        try {
            response = jiraRest.forSite(host).exchange(host.getBaseUrl() + REPORT_PATH, HttpMethod.POST,
                    new HttpEntity<>(Map.of("accounts", reported)), String.class);
        } catch (HttpClientErrorException.TooManyRequests e) {
            return new AccountReport.RateLimited(retryAfter(e.getResponseHeaders()));
        } catch (RestClientException e) {
            log.warn("Personal data report failed for site {}: {}", host.getBaseUrl(), e.getClass().getSimpleName());
            throw new JiraUnavailableException("Atlassian did not take the personal data report", e);
        }
        Optional<Duration> cyclePeriod = cyclePeriod(response.getHeaders());
        if (response.getStatusCode().isSameCodeAs(HttpStatus.NO_CONTENT)) {
            return new AccountReport.Statuses(Set.of(), Set.of(), cyclePeriod);
        }
        return statuses(response.getBody(), cyclePeriod);
    }

    private AccountReport.Statuses statuses(String body, Optional<Duration> cyclePeriod) {
        JsonNode answer;
        try {
            answer = body == null ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            answer = null;
        }
        if (answer == null || !answer.path("accounts").isArray()) {
            throw new JiraUnavailableException("Atlassian's answer to the personal data report is unreadable", null);
        }
        Set<String> closed = new HashSet<>();
        Set<String> updated = new HashSet<>();
        for (JsonNode account : answer.path("accounts")) {
            String accountId = account.path("accountId").asText("");
            switch (account.path("status").asText("")) {
                case "closed" -> closed.add(accountId);
                case "updated" -> updated.add(accountId);
                default -> log.warn("Personal data report: unknown account status ignored");
            }
        }
        return new AccountReport.Statuses(Set.copyOf(closed), Set.copyOf(updated), cyclePeriod);
    }

    private static Optional<Duration> cyclePeriod(HttpHeaders headers) {
        String value = headers.getFirst("Cycle-Period");
        try {
            return value == null ? Optional.empty()
                    : Optional.of(Duration.ofDays(Long.parseLong(value.trim()))).filter(days -> !days.isNegative() && !days.isZero());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    private Duration retryAfter(HttpHeaders headers) {
        String value = headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }
}
