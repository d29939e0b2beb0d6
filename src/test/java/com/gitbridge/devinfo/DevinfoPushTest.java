package com.gitbridge.devinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitbridge.devinfo.DevelopmentInfoStatus.JiraSync;
import com.gitbridge.devinfo.DevinfoSender.Outcome;
import com.gitbridge.integration.IntegrationDeleted;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.jira.JiraDevelopmentInfo;
import com.gitbridge.jira.SiteUninstalled;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.DevinfoStub;
import com.gitbridge.testing.JiraStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The push against a stand-in Jira that checks every request's JWT and body as Jira does; runs are started by hand
 * (the scheduler is off) with a clock the test moves, so that waits and backoffs are asserted, not slept through.
 */
class DevinfoPushTest extends AppTestBase {

    private static final DevinfoSettings ON = new DevinfoSettings(true, Duration.ofMinutes(1), Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DevinfoOutboxStore outbox;
    @Autowired
    DevinfoStateStore state;
    @Autowired
    DevinfoEntities entities;
    @Autowired
    UpdateSequence sequence;
    @Autowired
    JiraDevelopmentInfo jiraClient;
    @Autowired
    InstalledSites sites;
    @Autowired
    ApplicationEventPublisher events;

    private final TestClock clock = new TestClock();
    private DevinfoStub jira;
    private TestTenant site;
    private String integration;
    private IndexedRows indexed;
    private DevinfoSender sender;

    @BeforeEach
    void setUpSite() {
        String sitePath = "/jira-" + UUID.randomUUID();
        jira = new DevinfoStub(sitePath);
        site = tenant(new JiraStub(sitePath));
        jira.sharedSecret(site.sharedSecret());
        integration = UUID.randomUUID().toString();
        indexed = new IndexedRows(jdbc);
        sender = sender(ON);
    }

    private DevinfoSender sender(DevinfoSettings settings) {
        return new DevinfoSender(outbox, state, entities, sequence, jiraClient, sites, settings, clock);
    }

    private String tenantId() {
        return site.clientKey();
    }

    @Test
    void changesGoAsNormalWithEveryFieldJiraNeeds() {
        String repository = indexed.repository(tenantId(), integration, "acme/web");
        indexed.commit(tenantId(), repository, "a".repeat(40), "abc-1 Fix the login for CORE-2", "abc-1", "CORE-2");
        jdbc.update("update indexed_commit set parent_count = 2 where sha = ?", "a".repeat(40));
        indexed.branch(tenantId(), repository, "feature/abc-1-login", "b".repeat(40), "ABC-1");
        indexed.pullRequest(tenantId(), repository, "7", "CLOSED", "feature/abc-1-login", "ABC-1");
        transaction.executeWithoutResult(status -> {
            outbox.commitsChanged(tenantId(), repository, List.of("a".repeat(40)));
            outbox.branchesChanged(tenantId(), repository, List.of("feature/abc-1-login"));
            outbox.pullRequestsChanged(tenantId(), repository, List.of("7"));
        });

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.violations()).isEmpty();
        assertThat(jira.pushes()).singleElement().satisfies(push -> {
            assertThat(push.operationType()).isEqualTo("NORMAL");
            assertThat(push.preventTransitions()).isFalse();
            assertThat(push.integrationId()).isEqualTo(integration);
        });
        String repositoryId = integration + "_acme~2fweb";
        JsonNode commit = jira.held(repositoryId, "commits").get("a".repeat(40));
        assertThat(commit.path("issueKeys")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ABC-1", "CORE-2");
        assertThat(commit.path("displayId").asText()).isEqualTo("aaaaaaa");
        assertThat(commit.path("author").path("email").asText()).isEqualTo("dana@example.com");
        assertThat(commit.path("authorTimestamp").asText()).isEqualTo("2026-03-15T12:00:00Z");
        assertThat(commit.path("fileCount").asInt()).isEqualTo(3);
        assertThat(commit.path("url").asText()).isEqualTo("https://ghe.example/acme/web/commit/" + "a".repeat(40));
        assertThat(commit.path("flags")).extracting(JsonNode::asText).containsExactly("MERGE_COMMIT");
        JsonNode branch = jira.held(repositoryId, "branches").get("feature~2fabc-1-login");
        assertThat(branch.path("name").asText()).isEqualTo("feature/abc-1-login");
        assertThat(branch.path("lastCommit").path("id").asText()).isEqualTo("b".repeat(40));
        JsonNode pullRequest = jira.held(repositoryId, "pullRequests").get("7");
        assertThat(pullRequest.path("status").asText()).isEqualTo("DECLINED");
        assertThat(pullRequest.path("displayId").asText()).isEqualTo("#7");
        assertThat(pullRequest.path("sourceBranchUrl").asText()).isEqualTo(branch.path("url").asText());
        assertThat(pullRequest.path("reviewers").get(0).path("approvalStatus").asText()).isEqualTo("APPROVED");
        assertThat(outbox.pending(tenantId(), java.util.EnumSet.allOf(DevinfoOutboxStore.Kind.class), 10)).isEmpty();
        JiraSync sync = state.of(tenantId(), List.of(repository)).get(repository);
        assertThat(sync.state()).isEqualTo("SENT");
        assertThat(sync.lastSentAt()).isNotNull();
    }

    @Test
    void aChangedEntityIsSentAgainWithAHigherUpdateSequenceIdAndReplacesWhatJiraHolds() {
        String repository = oneChangedCommit();
        sender.push(tenantId());
        String repositoryId = integration + "_acme~2fweb";
        long first = jira.held(repositoryId, "commits").get("a".repeat(40)).path("updateSequenceId").asLong();

        jdbc.update("update indexed_commit set message = 'ABC-1 amended' where repository_pk = ?", repository);
        outbox.commitsChanged(tenantId(), repository, List.of("a".repeat(40)));
        sender.push(tenantId());

        JsonNode held = jira.held(repositoryId, "commits").get("a".repeat(40));
        assertThat(held.path("message").asText()).isEqualTo("ABC-1 amended");
        assertThat(held.path("updateSequenceId").asLong()).isGreaterThan(first);
        assertThat(jira.pushes()).hasSize(2);
    }

    @Test
    void aBackfillOfOneLargeRepositoryFillsEachRequestWithTheMostCommitsAllowed() {
        String repository = indexed.repository(tenantId(), integration, "acme/big");
        indexed.commits(tenantId(), repository, 2_500);
        indexed.branch(tenantId(), repository, "abc-1-work", String.format("%040x", 1), "ABC-1");
        indexed.pullRequest(tenantId(), repository, "1", "OPEN", "abc-1-work", "ABC-1");
        outbox.repositoryIndexed(tenantId(), repository);
        assertThat(state.of(tenantId(), List.of(repository)).get(repository).state()).isEqualTo("SENDING");

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.violations()).isEmpty();
        List<DevinfoStub.Push> pushes = jira.pushes();
        assertThat(pushes).hasSize(7).allSatisfy(push -> {
            assertThat(push.operationType()).isEqualTo("BACKFILL");
            assertThat(push.preventTransitions()).isTrue();
            assertThat(push.maxCommitsPerRepository()).isLessThanOrEqualTo(400);
        });
        assertThat(pushes.subList(0, 6)).allSatisfy(push -> assertThat(push.maxCommitsPerRepository()).isEqualTo(400));
        assertThat(jira.heldCount("commits")).isEqualTo(2_500);
        assertThat(jira.heldCount("branches")).isEqualTo(1);
        assertThat(jira.heldCount("pullRequests")).isEqualTo(1);
        assertThat(state.of(tenantId(), List.of(repository)).get(repository).state()).isEqualTo("SENT");
    }

    @Test
    void backfillsOfSeveralRepositoriesShareRequestsUpToAThousandEntities() {
        for (int i = 0; i < 3; i++) {
            String repository = indexed.repository(tenantId(), integration, "acme/r" + i);
            indexed.commits(tenantId(), repository, 700);
            outbox.repositoryIndexed(tenantId(), repository);
        }

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.violations()).isEmpty();
        List<DevinfoStub.Push> pushes = jira.pushes();
        assertThat(pushes.stream().mapToInt(DevinfoStub.Push::entities).sum()).isEqualTo(2_100);
        assertThat(pushes.subList(0, pushes.size() - 1)).allSatisfy(push -> assertThat(push.entities()).isEqualTo(1_000));
        assertThat(pushes).hasSize(3);
    }

    @Test
    void backfillAndNormalNeverShareARequest() {
        String old = indexed.repository(tenantId(), integration, "acme/old");
        indexed.commits(tenantId(), old, 10);
        outbox.repositoryIndexed(tenantId(), old);
        String fresh = indexed.repository(tenantId(), integration, "acme/fresh");
        indexed.commit(tenantId(), fresh, "c".repeat(40), "ABC-9 new work", "ABC-9");
        outbox.commitsChanged(tenantId(), fresh, List.of("c".repeat(40)));

        sender.push(tenantId());

        assertThat(jira.violations()).isEmpty();
        assertThat(jira.pushes()).extracting(push -> push.operationType() + " " + push.preventTransitions() + " "
                + push.entities()).containsExactly("NORMAL false 1", "BACKFILL true 10");
    }

    @Test
    void aRateLimitWaitsForRetryAfterAndLosesNothing() {
        String repository = oneChangedCommit();
        jira.answerNext(429, Map.of("Retry-After", "30"));

        Outcome outcome = sender.push(tenantId());

        assertThat(outcome).isEqualTo(new Outcome.WaitUntil(clock.instant().plusSeconds(30)));
        assertThat(jira.pushes()).isEmpty();
        assertThat(state.of(tenantId(), List.of(repository)).get(repository).pending()).isEqualTo(1);
        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);
        assertThat(jira.heldCount("commits")).isEqualTo(1);
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsUntilTheReset() {
        oneChangedCommit();
        Instant reset = clock.instant().plusSeconds(90).truncatedTo(ChronoUnit.SECONDS);
        jira.answerNext(429, Map.of("X-RateLimit-Reset", reset.toString()));

        assertThat(sender.push(tenantId())).isEqualTo(new Outcome.WaitUntil(reset));
    }

    @Test
    void jiraFailuresBackOffDoublingAndTheRowsStay() {
        String repository = oneChangedCommit();
        jira.answerNext(503, Map.of()).answerNext(503, Map.of());

        assertThat(sender.push(tenantId())).isEqualTo(new Outcome.WaitUntil(clock.instant().plusSeconds(5)));
        assertThat(sender.push(tenantId())).as("still waiting: no request")
                .isEqualTo(new Outcome.WaitUntil(clock.instant().plusSeconds(5)));
        assertThat(jira.refusedAt()).hasSize(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(sender.push(tenantId())).isEqualTo(new Outcome.WaitUntil(clock.instant().plusSeconds(10)));
        assertThat(state.of(tenantId(), List.of(repository)).get(repository))
                .satisfies(sync -> assertThat(sync.state() + " " + sync.error()).isEqualTo("FAILED Jira answered 503"));
        clock.advance(Duration.ofSeconds(10));

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.heldCount("commits")).isEqualTo(1);
        assertThat(state.of(tenantId(), List.of(repository)).get(repository).state()).isEqualTo("SENT");
    }

    @Test
    void payloadTooLargeHalvesTheRequestsUntilJiraTakesThem() {
        String repository = indexed.repository(tenantId(), integration, "acme/big");
        indexed.commits(tenantId(), repository, 1_000);
        outbox.repositoryIndexed(tenantId(), repository);
        jira.tooLargeAbove(150);

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.violations()).isEmpty();
        assertThat(jira.refusedAt()).isNotEmpty();
        assertThat(jira.pushes()).allSatisfy(push -> assertThat(push.entities()).isLessThanOrEqualTo(150));
        assertThat(jira.heldCount("commits")).isEqualTo(1_000);
    }

    @Test
    void entitiesJiraRefusesAreKeptWithTheirMessageAndNotSentAgain() {
        String repository = indexed.repository(tenantId(), integration, "acme/web");
        indexed.commit(tenantId(), repository, "a".repeat(40), "ABC-1 good", "ABC-1");
        indexed.commit(tenantId(), repository, "f".repeat(40), "ABC-1 refused", "ABC-1");
        outbox.commitsChanged(tenantId(), repository, List.of("a".repeat(40), "f".repeat(40)));
        jira.failEntity("f".repeat(40), "The commit author is unknown");

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jdbc.queryForObject("select message from devinfo_failed_entity where entity_id = ?", String.class,
                "f".repeat(40))).isEqualTo("The commit author is unknown");
        JiraSync sync = state.of(tenantId(), List.of(repository)).get(repository);
        assertThat(sync.state()).isEqualTo("FAILED");
        assertThat(sync.error()).contains("The commit author is unknown");
        assertThat(sync.pending()).isZero();
        assertThat(jira.held(integration + "_acme~2fweb", "commits")).containsOnlyKeys("a".repeat(40));
    }

    @Test
    void aBadRequestSinglesOutTheEntityJiraRefusesAndSendsTheOthers() {
        String repository = indexed.repository(tenantId(), integration, "acme/web");
        List<String> shas = indexed.commits(tenantId(), repository, 6);
        outbox.commitsChanged(tenantId(), repository, shas);
        jira.badRequestFor(shas.get(3));

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.heldCount("commits")).isEqualTo(5);
        assertThat(jdbc.queryForObject("select message from devinfo_failed_entity where entity_id = ?", String.class,
                shas.get(3))).startsWith("Jira answered 400");
        assertThat(outbox.pendingByOwner(tenantId(), List.of(repository))).isEmpty();
    }

    @Test
    void aJiraThatRefusesTheAppShowsWhyAndIsAskedAgainLater() {
        String repository = oneChangedCommit();
        jira.answerNext(403, Map.of());

        assertThat(sender.push(tenantId())).isEqualTo(new Outcome.WaitUntil(clock.instant().plus(Duration.ofMinutes(30))));

        JiraSync sync = state.of(tenantId(), List.of(repository)).get(repository);
        assertThat(sync.state()).isEqualTo("FAILED");
        assertThat(sync.error()).isEqualTo("Jira answered 403: the app lacks the development tool module");
        assertThat(sync.pending()).isEqualTo(1);
    }

    @Test
    void aDeletedIntegrationIsDeletedInJiraByItsProperty() {
        oneChangedCommit();

        transaction.executeWithoutResult(status -> events.publishEvent(new IntegrationDeleted(tenantId(), integration)));
        sender.push(tenantId());

        assertThat(jira.violations()).isEmpty();
        assertThat(jira.pushes()).isEmpty();
        assertThat(jira.deletions()).singleElement().satisfies(deletion -> {
            assertThat(deletion.path()).isEqualTo("/rest/devinfo/0.10/bulkByProperties");
            assertThat(deletion.query()).as("everything of it, however new").containsOnlyKeys("integrationId")
                    .containsEntry("integrationId", integration);
        });
    }

    @Test
    void aRemovedRepositoryAndADeletedBranchAreDeletedInJira() {
        String repository = indexed.repository(tenantId(), integration, "acme/web");
        indexed.branch(tenantId(), repository, "abc-1/gone", "b".repeat(40), "ABC-1");
        outbox.branchesChanged(tenantId(), repository, List.of("abc-1/gone"));
        sender.push(tenantId());
        assertThat(jira.heldCount("branches")).isEqualTo(1);

        jdbc.update("delete from indexed_branch where repository_pk = ?", repository);
        outbox.branchesDeleted(tenantId(), repository, List.of("abc-1/gone"));
        sender.push(tenantId());
        outbox.repositoryRemoved(tenantId(), integration, "acme/web");
        jdbc.update("delete from indexed_repository where id = ?", repository);
        sender.push(tenantId());

        assertThat(jira.violations()).isEmpty();
        assertThat(jira.heldCount("branches")).isZero();
        assertThat(jira.deletions()).extracting(DevinfoStub.Deletion::path).containsExactly(
                "/rest/devinfo/0.10/repository/" + integration + "_acme~2fweb/branch/abc-1~2fgone",
                "/rest/devinfo/0.10/repository/" + integration + "_acme~2fweb");
    }

    @Test
    void nothingIsSentToAnUninstalledSite() {
        oneChangedCommit();
        var host = hosts.findById(tenantId()).orElseThrow();
        host.setAddonInstalled(false);
        hosts.save(host);
        events.publishEvent(new SiteUninstalled(tenantId()));

        assertThat(sender.push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.pushes()).isEmpty();
        assertThat(jira.deletions()).isEmpty();
        assertThat(outbox.sitesWithData()).doesNotContain(tenantId());
    }

    @Test
    void turnedOffNothingIsSentAndTheStatusIsOff() {
        String repository = oneChangedCommit();
        DevinfoSettings off = new DevinfoSettings(false, Duration.ofMinutes(1), Duration.ofSeconds(60),
                Duration.ofSeconds(5));

        assertThat(sender(off).push(tenantId())).isInstanceOf(Outcome.Done.class);

        assertThat(jira.pushes()).isEmpty();
        assertThat(new DevinfoStateStore(jdbc, new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc),
                transaction, outbox, off, clock).of(tenantId(), List.of(repository)))
                .containsExactly(Map.entry(repository, new JiraSync("OFF", 0, null, null)));
    }

    private String oneChangedCommit() {
        String repository = indexed.repository(tenantId(), integration, "acme/web");
        indexed.commit(tenantId(), repository, "a".repeat(40), "ABC-1 change", "ABC-1");
        outbox.commitsChanged(tenantId(), repository, List.of("a".repeat(40)));
        return repository;
    }
}
