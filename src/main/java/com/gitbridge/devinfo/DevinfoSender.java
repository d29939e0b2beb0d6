package com.gitbridge.devinfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gitbridge.devinfo.DevinfoEntities.Entity;
import com.gitbridge.devinfo.DevinfoEntities.Repository;
import com.gitbridge.devinfo.DevinfoOutboxStore.Kind;
import com.gitbridge.devinfo.DevinfoOutboxStore.Row;
import com.gitbridge.jira.InstalledSites;
import com.gitbridge.jira.JiraDevelopmentInfo;
import com.gitbridge.jira.JiraDevelopmentInfo.Answer;
import com.gitbridge.jira.JiraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a site's outbox to Jira: deletions first, then what changed after first indexes ({@code NORMAL}, so that Jira
 * runs smart commits), then backfills ({@code BACKFILL} with {@code preventTransitions}, so that old smart commits do
 * not run again). Requests are filled to the API's limits (1000 entities, 400 of a kind per repository, 100
 * repositories) and hold the repositories of one integration, whose id is the request's {@code properties}.
 * <p>
 * Jira's answers: 202 clears what was sent (a row only if it did not change meanwhile) and keeps the entities Jira
 * refused; 429 waits as Jira says; 413 halves the requests; a 400 halves them until the entity Jira refuses is alone,
 * which is then kept as refused and not sent again until it changes; 401/403 and every failure without an answer
 * leave the rows and try again later, 5 s doubling to 10 min (30 min while Jira refuses the app).
 */
@Component
class DevinfoSender {

    private static final Logger log = LoggerFactory.getLogger(DevinfoSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final int MAX_ENTITIES = 1000;
    static final int MAX_PER_KIND = 400;
    static final int MAX_REPOSITORIES = 100;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    static final Duration REFUSED_BACKOFF = Duration.ofMinutes(30);
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final int NORMAL_ROWS_READ = 2 * MAX_ENTITIES;
    private static final String PRODUCT = "Git Bridge for Jira";

    sealed interface Outcome {
        record Done() implements Outcome {
        }

        record RunAgain() implements Outcome {
        }

        record WaitUntil(Instant until) implements Outcome {
        }
    }

    /** What to do after an answer. */
    private sealed interface Verdict {
        record Accepted(JsonNode body) implements Verdict {
        }

        record TooLarge() implements Verdict {
        }

        record Refused(String message) implements Verdict {
        }

        record Wait(Instant until) implements Verdict {
        }
    }

    /** The request sizes of one run: halved by a 413 (or to single out an entity a 400 is about). */
    static final class Limits {
        private int entities = MAX_ENTITIES;

        int entities() {
            return entities;
        }

        int perKind() {
            return Math.min(MAX_PER_KIND, entities);
        }

        int repositories() {
            return Math.min(MAX_REPOSITORIES, entities);
        }

        /** Half of what a request of {@code sent} entities held; {@code false} when that was one already. */
        boolean halve(int sent) {
            if (sent <= 1) {
                return false;
            }
            entities = Math.max(1, Math.min(entities, sent) / 2);
            return true;
        }
    }

    /** An entity to send and its outbox row: its own, or its repository's backfill. */
    private record Item(Row row, Repository repository, Entity entity) {
    }

    private final DevinfoOutboxStore outbox;
    private final DevinfoStateStore state;
    private final DevinfoEntities entities;
    private final UpdateSequence sequence;
    private final JiraDevelopmentInfo jira;
    private final InstalledSites sites;
    private final DevinfoSettings settings;
    private final Clock clock;

    DevinfoSender(DevinfoOutboxStore outbox, DevinfoStateStore state, DevinfoEntities entities, UpdateSequence sequence,
                  JiraDevelopmentInfo jira, InstalledSites sites, DevinfoSettings settings, Clock clock) {
        this.outbox = outbox;
        this.state = state;
        this.entities = entities;
        this.sequence = sequence;
        this.jira = jira;
        this.sites = sites;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sends what waits for the site until nothing does, Jira asks to wait, or the run's time is up. */
    Outcome push(String tenantId) {
        if (!settings.enabled() || !sites.isInstalled(tenantId)) {
            return new Outcome.Done();
        }
        Instant retryAt = state.site(tenantId).retryAt();
        if (retryAt != null && retryAt.isAfter(clock.instant())) {
            return new Outcome.WaitUntil(retryAt);
        }
        Instant deadline = clock.instant().plus(settings.runBudget());
        Limits limits = new Limits();
        while (clock.instant().isBefore(deadline)) {
            if (!sites.isInstalled(tenantId)) {
                return new Outcome.Done();
            }
            Verdict.Wait wait;
            try {
                wait = sendDeletions(tenantId);
                if (wait == null) {
                    wait = sendChanges(tenantId, limits);
                }
                if (wait == null) {
                    wait = sendBackfills(tenantId, limits);
                }
            } catch (Nothing nothing) {
                return outbox.pending(tenantId, EnumSet.allOf(Kind.class), 1).isEmpty()
                        ? new Outcome.Done() : new Outcome.RunAgain();
            }
            if (wait != null) {
                return new Outcome.WaitUntil(wait.until());
            }
        }
        return new Outcome.RunAgain();
    }

    /** Thrown when a pass found nothing left to send. */
    private static final class Nothing extends RuntimeException {
        Nothing() {
            super(null, null, false, false);
        }
    }

    // ---- deletions of repositories and integrations

    private Verdict.Wait sendDeletions(String tenantId) {
        List<Row> rows = outbox.pending(tenantId, EnumSet.of(Kind.INTEGRATION, Kind.REPOSITORY), 100);
        Set<String> deletedIntegrations = rows.stream().filter(row -> row.kind() == Kind.INTEGRATION)
                .map(Row::integrationId).collect(Collectors.toSet());
        for (Row row : rows) {
            if (row.kind() == Kind.REPOSITORY && deletedIntegrations.contains(row.integrationId())) {
                outbox.deleteUnchanged(List.of(row));
                continue;
            }
            Verdict verdict = deletion(tenantId, row);
            if (verdict instanceof Verdict.Wait wait) {
                return wait;
            }
            if (verdict instanceof Verdict.Refused refused) {
                log.warn("Jira refused to delete {} {} of site {}: {}", row.kind(), row.entityId(), tenantId,
                        refused.message());
            }
            outbox.deleteUnchanged(List.of(row));
        }
        return null;
    }

    private Verdict deletion(String tenantId, Row row) {
        return answer(tenantId, () -> row.kind() == Kind.INTEGRATION
                ? jira.deleteByProperty(tenantId, "integrationId", row.integrationId())
                : jira.deleteRepository(tenantId, JiraIds.repository(row.integrationId(), row.repository()),
                sequence.next()), true);
    }

    // ---- NORMAL: entities changed after their repository's first full index

    private Verdict.Wait sendChanges(String tenantId, Limits limits) {
        List<Row> rows = outbox.pending(tenantId, EnumSet.of(Kind.COMMIT, Kind.BRANCH, Kind.PULL_REQUEST),
                NORMAL_ROWS_READ);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Repository> repositories = usableRepositories(rows);
        List<Item> items = new ArrayList<>();
        List<Row> nothingToSend = new ArrayList<>();
        Map<String, List<Row>> byRepository = rows.stream().filter(row -> repositories.containsKey(row.ownerId()))
                .collect(Collectors.groupingBy(Row::ownerId, LinkedHashMap::new, Collectors.toList()));
        rows.stream().filter(row -> !repositories.containsKey(row.ownerId())).forEach(nothingToSend::add);
        Map<Row, Item> built = new LinkedHashMap<>();
        for (List<Row> ofRepository : byRepository.values()) {
            Repository repository = repositories.get(ofRepository.get(0).ownerId());
            for (Kind kind : List.of(Kind.COMMIT, Kind.BRANCH, Kind.PULL_REQUEST)) {
                List<Row> ofKind = ofRepository.stream().filter(row -> row.kind() == kind).toList();
                if (ofKind.isEmpty()) {
                    continue;
                }
                List<String> keys = ofKind.stream().map(Row::entityId).toList();
                Map<String, Entity> found = switch (kind) {
                    case COMMIT -> entities.commits(repository, keys);
                    case BRANCH -> entities.branches(repository, keys);
                    default -> entities.pullRequests(repository, keys);
                };
                Set<String> indexed = switch (kind) {
                    case BRANCH -> entities.indexedBranches(repository, keys);
                    case PULL_REQUEST -> entities.indexedPullRequests(repository, keys);
                    default -> found.keySet();
                };
                for (Row row : ofKind) {
                    Entity entity = found.get(row.entityId());
                    if (entity != null) {
                        built.put(row, new Item(row, repository, entity));
                    } else if (kind != Kind.COMMIT && !indexed.contains(row.entityId())) {
                        Verdict.Wait wait = deleteEntity(tenantId, repository, row);
                        if (wait != null) {
                            return wait;
                        }
                    } else {
                        nothingToSend.add(row);
                    }
                }
            }
        }
        outbox.deleteUnchanged(nothingToSend);
        for (Row row : rows) {
            Item item = built.get(row);
            if (item != null) {
                items.add(item);
            }
        }
        while (!items.isEmpty()) {
            List<Item> chosen = fill(items, limits);
            Verdict.Wait wait = send(tenantId, chosen, false, limits, () -> {
                outbox.deleteUnchanged(chosen.stream().map(Item::row).toList());
                items.removeAll(chosen);
            });
            if (wait != null) {
                return wait;
            }
        }
        return null;
    }

    /** A branch gone, or a pull request that mentions no key any more: deleted from Jira. */
    private Verdict.Wait deleteEntity(String tenantId, Repository repository, Row row) {
        boolean branch = row.kind() == Kind.BRANCH;
        Verdict verdict = answer(tenantId, () -> jira.deleteEntity(tenantId, repository.jiraId(),
                branch ? "branch" : "pull_request",
                branch ? JiraIds.branch(row.entityId()) : JiraIds.pullRequest(row.entityId()), sequence.next()), true);
        if (verdict instanceof Verdict.Wait wait) {
            return wait;
        }
        if (verdict instanceof Verdict.Refused refused) {
            state.repositoryFailed(repository, "Jira refused to delete " + row.entityId() + ": " + refused.message());
        }
        outbox.deleteUnchanged(List.of(row));
        return null;
    }

    /** The oldest items of one integration that fit in one request. */
    private static List<Item> fill(List<Item> items, Limits limits) {
        String integration = items.get(0).repository().integrationId();
        List<Item> chosen = new ArrayList<>();
        Map<String, Map<Kind, Integer>> counts = new LinkedHashMap<>();
        for (Item item : items) {
            if (chosen.size() >= limits.entities()) {
                break;
            }
            Repository repository = item.repository();
            if (!repository.integrationId().equals(integration)) {
                continue;
            }
            if (!counts.containsKey(repository.pk()) && counts.size() >= limits.repositories()) {
                continue;
            }
            Map<Kind, Integer> ofRepository = counts.computeIfAbsent(repository.pk(), pk -> new LinkedHashMap<>());
            int ofKind = ofRepository.getOrDefault(item.entity().kind(), 0);
            if (ofKind >= limits.perKind()) {
                continue;
            }
            ofRepository.put(item.entity().kind(), ofKind + 1);
            chosen.add(item);
        }
        return chosen;
    }

    // ---- BACKFILL: everything a repository's first full index found

    private Verdict.Wait sendBackfills(String tenantId, Limits limits) {
        List<Row> rows = outbox.pending(tenantId, EnumSet.of(Kind.BACKFILL), MAX_REPOSITORIES);
        if (rows.isEmpty()) {
            throw new Nothing();
        }
        Map<String, Repository> repositories = usableRepositories(rows);
        outbox.deleteUnchanged(rows.stream().filter(row -> !repositories.containsKey(row.ownerId())).toList());
        List<Row> usable = rows.stream().filter(row -> repositories.containsKey(row.ownerId())).toList();
        if (usable.isEmpty()) {
            return null;
        }
        String integration = repositories.get(usable.get(0).ownerId()).integrationId();
        List<Row> ofIntegration = usable.stream()
                .filter(row -> repositories.get(row.ownerId()).integrationId().equals(integration)).toList();
        while (true) {
            Map<Row, Cursor> next = new LinkedHashMap<>();
            List<Item> chosen = new ArrayList<>();
            for (Row row : ofIntegration) {
                int room = Math.min(limits.entities() - chosen.size(), limits.entities());
                if (room <= 0 || next.size() >= limits.repositories()) {
                    break;
                }
                Repository repository = repositories.get(row.ownerId());
                Cursor cursor = Cursor.of(row);
                int perKind = Math.min(limits.perKind(), room);
                if (!cursor.commitsDone) {
                    DevinfoEntities.Page page = entities.commitsAfter(repository, cursor.commit, perKind);
                    page.entities().forEach(entity -> chosen.add(new Item(row, repository, entity)));
                    cursor.commit = page.last();
                    cursor.commitsDone = page.exhausted();
                    room = limits.entities() - chosen.size();
                }
                perKind = Math.min(limits.perKind(), room);
                if (!cursor.branchesDone && perKind > 0) {
                    DevinfoEntities.Page page = entities.branchesAfter(repository, cursor.branch, perKind);
                    page.entities().forEach(entity -> chosen.add(new Item(row, repository, entity)));
                    cursor.branch = page.last();
                    cursor.branchesDone = page.exhausted();
                    room = limits.entities() - chosen.size();
                }
                perKind = Math.min(limits.perKind(), room);
                if (!cursor.pullRequestsDone && perKind > 0) {
                    DevinfoEntities.Page page = entities.pullRequestsAfter(repository, cursor.pullRequest, perKind);
                    page.entities().forEach(entity -> chosen.add(new Item(row, repository, entity)));
                    cursor.pullRequest = page.last();
                    cursor.pullRequestsDone = page.exhausted();
                }
                next.put(row, cursor);
            }
            Runnable advance = () -> next.forEach((row, cursor) -> {
                if (cursor.done()) {
                    if (outbox.deleteUnchanged(List.of(row)) == 1) {
                        state.repositorySent(repositories.get(row.ownerId()));
                    }
                } else {
                    outbox.advanceBackfill(row, cursor.commit, cursor.commitsDone, cursor.branch, cursor.branchesDone,
                            cursor.pullRequest, cursor.pullRequestsDone);
                }
            });
            if (chosen.isEmpty()) {
                advance.run();
                return null;
            }
            int size = limits.entities();
            Verdict.Wait wait = send(tenantId, chosen, true, limits, advance);
            if (wait != null || limits.entities() == size) {
                return wait;
            }
            // Halved: the same pages again, smaller.
        }
    }

    /** Where a backfill goes on from. */
    private static final class Cursor {
        String commit;
        String branch;
        String pullRequest;
        boolean commitsDone;
        boolean branchesDone;
        boolean pullRequestsDone;

        static Cursor of(Row row) {
            Cursor cursor = new Cursor();
            cursor.commit = row.commitCursor();
            cursor.branch = row.branchCursor();
            cursor.pullRequest = row.pullRequestCursor();
            cursor.commitsDone = row.commitsDone();
            cursor.branchesDone = row.branchesDone();
            cursor.pullRequestsDone = row.pullRequestsDone();
            return cursor;
        }

        boolean done() {
            return commitsDone && branchesDone && pullRequestsDone;
        }
    }

    // ---- one request

    /**
     * Sends the items as one request and runs {@code accepted} when Jira took it. A 413 or 400 halves {@code limits}
     * and sends nothing more (the caller builds smaller requests); one entity alone that Jira refuses is kept as
     * refused and counts as accepted.
     *
     * @return the wait Jira asked for, or {@code null}
     */
    private Verdict.Wait send(String tenantId, List<Item> items, boolean backfill, Limits limits, Runnable accepted) {
        Map<String, Repository> byJiraId = new LinkedHashMap<>();
        String body = body(items, backfill, byJiraId);
        Verdict verdict = answer(tenantId, () -> jira.push(tenantId, body), false);
        if (verdict instanceof Verdict.Wait wait) {
            return wait;
        }
        if (verdict instanceof Verdict.Accepted ok) {
            recordAnswer(tenantId, ok.body(), byJiraId, items);
            accepted.run();
            return null;
        }
        String message = verdict instanceof Verdict.Refused refused ? refused.message()
                : "Jira answered 413: the entity alone is too large";
        if (limits.halve(items.size())) {
            log.info("Jira did not take {} entities for site {} ({}); sending {} at most", items.size(), tenantId,
                    message, limits.entities());
            return null;
        }
        Item item = items.get(0);
        state.entityFailed(item.repository(), item.entity().kind(), item.entity().body().path("id").asText(), message);
        accepted.run();
        return null;
    }

    private String body(List<Item> items, boolean backfill, Map<String, Repository> byJiraId) {
        long updateSequenceId = sequence.next();
        ObjectNode request = JSON.createObjectNode();
        ArrayNode repositories = request.putArray("repositories");
        Map<String, ObjectNode> nodes = new LinkedHashMap<>();
        for (Item item : items) {
            Repository repository = item.repository();
            ObjectNode node = nodes.computeIfAbsent(repository.pk(), pk -> {
                ObjectNode created = repository.node();
                created.put("updateSequenceId", updateSequenceId);
                repositories.add(created);
                byJiraId.put(repository.jiraId(), repository);
                return created;
            });
            String field = switch (item.entity().kind()) {
                case COMMIT -> "commits";
                case BRANCH -> "branches";
                default -> "pullRequests";
            };
            ObjectNode entity = item.entity().body();
            entity.put("updateSequenceId", updateSequenceId);
            if (entity.has("lastCommit")) {
                ((ObjectNode) entity.get("lastCommit")).put("updateSequenceId", updateSequenceId);
            }
            (node.has(field) ? (ArrayNode) node.get(field) : node.putArray(field)).add(entity);
        }
        request.put("preventTransitions", backfill);
        request.put("operationType", backfill ? "BACKFILL" : "NORMAL");
        request.putObject("properties").put("integrationId", items.get(0).repository().integrationId());
        request.putObject("providerMetadata").put("product", PRODUCT);
        return request.toString();
    }

    /** Keeps what Jira refused of an accepted request; repositories with nothing refused are sent. */
    private void recordAnswer(String tenantId, JsonNode answer, Map<String, Repository> byJiraId, List<Item> items) {
        Set<String> failedRepositories = new LinkedHashSet<>();
        JsonNode failed = answer.path("failedDevinfoEntities");
        failed.fields().forEachRemaining(entry -> {
            Repository repository = byJiraId.get(entry.getKey());
            if (repository == null) {
                return;
            }
            failedRepositories.add(repository.pk());
            JsonNode ofRepository = entry.getValue();
            if (ofRepository.path("errorMessages").size() > 0) {
                state.repositoryFailed(repository, "Jira refused the repository: " + messages(ofRepository));
            }
            for (Map.Entry<String, Kind> field : Map.of("commits", Kind.COMMIT, "branches", Kind.BRANCH,
                    "pullRequests", Kind.PULL_REQUEST).entrySet()) {
                for (JsonNode entity : ofRepository.path(field.getKey())) {
                    state.entityFailed(repository, field.getValue(), entity.path("id").asText(), messages(entity));
                }
            }
        });
        int unknownKeys = answer.path("unknownIssueKeys").size();
        if (unknownKeys > 0) {
            log.debug("Jira knows no issue of {} keys sent for site {}", unknownKeys, tenantId);
        }
        items.stream().map(Item::repository).distinct()
                .filter(repository -> !failedRepositories.contains(repository.pk()))
                .forEach(state::repositorySent);
    }

    private static String messages(JsonNode node) {
        List<String> messages = new ArrayList<>();
        node.path("errorMessages").forEach(message -> messages.add(message.isTextual() ? message.asText()
                : message.path("message").asText(message.toString())));
        return messages.isEmpty() ? "no reason given" : String.join("; ", messages);
    }

    // ---- Jira's answers

    private interface Call {
        Answer call();
    }

    private Verdict answer(String tenantId, Call call, boolean deletion) {
        Answer answer;
        try {
            answer = call.call();
        } catch (JiraUnavailableException e) {
            return backoff(tenantId, "Jira did not answer", settings.firstBackoff(), MAX_BACKOFF);
        }
        int status = answer.status();
        if (status >= 200 && status < 300 || deletion && status == 404) {
            state.siteAnswered(tenantId);
            return new Verdict.Accepted(parse(answer.body()));
        }
        if (status == 429) {
            Instant until = rateLimitedUntil(answer);
            log.info("Jira rate-limited the development information of site {} until {}", tenantId, until);
            return new Verdict.Wait(until);
        }
        if (status == 413) {
            state.siteAnswered(tenantId);
            return new Verdict.TooLarge();
        }
        if (status == 400) {
            state.siteAnswered(tenantId);
            return new Verdict.Refused("Jira answered 400: " + messages(parse(answer.body())));
        }
        if (status == 401 || status == 403) {
            String error = status == 403 ? "Jira answered 403: the app lacks the development tool module"
                    : "Jira answered 401: it did not accept the app's token";
            return backoff(tenantId, error, REFUSED_BACKOFF, REFUSED_BACKOFF);
        }
        return backoff(tenantId, "Jira answered " + status, settings.firstBackoff(), MAX_BACKOFF);
    }

    private Verdict.Wait backoff(String tenantId, String error, Duration first, Duration max) {
        int failures = state.site(tenantId).failures() + 1;
        Duration delay = first.multipliedBy(1L << Math.min(failures - 1, 20));
        Instant until = clock.instant().plus(delay.compareTo(max) > 0 ? max : delay);
        state.siteFailed(tenantId, error, until);
        log.warn("Development information for site {} waits until {}: {}", tenantId, until, error);
        return new Verdict.Wait(until);
    }

    private Instant rateLimitedUntil(Answer answer) {
        String retryAfter = answer.header("Retry-After");
        if (retryAfter != null) {
            try {
                return clock.instant().plusSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException notSeconds) {
                // fall through to the reset time
            }
        }
        String reset = answer.header("X-RateLimit-Reset");
        if (reset != null) {
            try {
                return OffsetDateTime.parse(reset.trim()).toInstant();
            } catch (RuntimeException notATime) {
                // fall through to the default
            }
        }
        return clock.instant().plus(DEFAULT_RATE_LIMIT_WAIT);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception notJson) {
            return JSON.createObjectNode();
        }
    }

    /** The rows' repositories that can be sent; a repository without an absolute web URL gets an error instead. */
    private Map<String, Repository> usableRepositories(Collection<Row> rows) {
        Map<String, Repository> found = entities.repositories(rows.stream().map(Row::ownerId).distinct().toList());
        Map<String, Repository> usable = new LinkedHashMap<>();
        found.forEach((pk, repository) -> {
            if (repository.node() == null) {
                state.repositoryFailed(repository, "The repository has no absolute web URL for Jira to link to");
            } else {
                usable.put(pk, repository);
            }
        });
        return usable;
    }
}
