package com.gitbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Jira's development information API ({@code /rest/devinfo/0.10}) for one test site, checking what Jira checks: each
 * request's JWT (HS256 with the site's shared secret, {@code iss} the app key, a {@code qsh} of exactly that method,
 * path and query, not expired) and each bulk body against the API's rules (limits, ids, lengths, absolute URLs,
 * upper-case issue keys, required fields, {@code properties.integrationId}). A request that breaks a rule is answered
 * 401 or 400 and its reasons are kept in {@link #violations()}, which a test expects to be empty.
 * <p>
 * What it accepts it keeps as Jira does: an entity's data is replaced only by a higher {@code updateSequenceId}. A
 * test can have it answer the next requests with a status and headers, refuse entities by id, or answer 413 to
 * requests of more than a number of entities.
 */
public final class DevinfoStub {

    public static final String APP_KEY = "git-bridge-for-jira";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DevinfoStub> SITES = new ConcurrentHashMap<>();
    private static final String SITE_PARAMETER = "site";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9~.\\-_]{1,1024}");
    private static final Pattern ISSUE_KEY = Pattern.compile("^\\p{L}[\\p{L}\\p{Digit}_]{1,255}-\\p{Digit}{1,255}$");

    /** A bulk request Jira accepted: its flags and how many entities of each kind per repository it held. */
    public record Push(String operationType, boolean preventTransitions, String integrationId, int repositories,
                       int entities, int maxCommitsPerRepository, Instant at) {
    }

    /** A delete: method, path below the site, and query parameters. */
    public record Deletion(String path, Map<String, String> query, Instant at) {
    }

    private record Stored(long updateSequenceId, JsonNode body) {
    }

    private record Canned(int status, Map<String, String> headers, String body) {
    }

    private final String sitePath;
    private volatile String sharedSecret;
    private final List<Push> pushes = Collections.synchronizedList(new ArrayList<>());
    private final List<Deletion> deletions = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<Instant> refusedAt = Collections.synchronizedList(new ArrayList<>());
    /** repository id → kind (commits, branches, pullRequests) → entity id → what Jira holds */
    private final Map<String, Map<String, Map<String, Stored>>> stored = new ConcurrentHashMap<>();
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private final Set<String> badRequestIds = ConcurrentHashMap.newKeySet();
    private final Deque<Canned> canned = new ArrayDeque<>();
    private volatile int tooLargeAbove = Integer.MAX_VALUE;
    private volatile boolean countOnly;
    private final java.util.concurrent.atomic.AtomicLong acceptedEntities = new java.util.concurrent.atomic.AtomicLong();

    public DevinfoStub(String sitePath) {
        this.sitePath = sitePath;
        SITES.put(sitePath, this);
        TestHosts.server().stubFor(any(urlPathMatching(sitePath + "/rest/devinfo/0\\.10/.*")).atPriority(10)
                .willReturn(aResponse().withTransformers(Answers.NAME).withTransformerParameter(SITE_PARAMETER, sitePath)));
    }

    public String siteUrl() {
        return TestHosts.baseUrl() + sitePath;
    }

    /** The site's shared secret, which every request's JWT must be signed with. */
    public DevinfoStub sharedSecret(String secret) {
        this.sharedSecret = secret;
        return this;
    }

    /** The next requests get these answers, in order, instead of being processed. */
    public synchronized DevinfoStub answerNext(int status, Map<String, String> headers) {
        canned.add(new Canned(status, headers, status == 400 ? "{\"errorMessages\":[\"Bad request\"]}" : ""));
        return this;
    }

    /** Entities with this id are refused (in {@code failedDevinfoEntities}) with this message. */
    public DevinfoStub failEntity(String id, String message) {
        failing.put(id, message);
        return this;
    }

    /** A bulk request that holds an entity of this id is answered 400, as a malformed one. */
    public DevinfoStub badRequestFor(String id) {
        badRequestIds.add(id);
        return this;
    }

    /** Requests of more than {@code entities} entities are answered 413. */
    public DevinfoStub tooLargeAbove(int entities) {
        this.tooLargeAbove = entities;
        return this;
    }

    /** Keeps no entity, only counts them ({@link #acceptedCount}): for benchmarks of a million entities. */
    public DevinfoStub countOnly() {
        this.countOnly = true;
        return this;
    }

    /** How many entities Jira accepted, counting each time one was sent. */
    public long acceptedCount() {
        return acceptedEntities.get();
    }

    public List<Push> pushes() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    public List<Deletion> deletions() {
        synchronized (deletions) {
            return List.copyOf(deletions);
        }
    }

    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** When the requests answered with a canned status or a 413 came. */
    public List<Instant> refusedAt() {
        synchronized (refusedAt) {
            return List.copyOf(refusedAt);
        }
    }

    /** What Jira holds of the repository's entities of a kind ({@code commits}, {@code branches}, {@code pullRequests}). */
    public Map<String, JsonNode> held(String repositoryId, String kind) {
        Map<String, JsonNode> held = new LinkedHashMap<>();
        stored.getOrDefault(repositoryId, Map.of()).getOrDefault(kind, Map.of())
                .forEach((id, entity) -> held.put(id, entity.body()));
        return held;
    }

    public int heldCount(String kind) {
        return stored.values().stream().mapToInt(kinds -> kinds.getOrDefault(kind, Map.of()).size()).sum();
    }

    public Set<String> repositoryIds() {
        return Set.copyOf(stored.keySet());
    }

    // ---- answering

    private synchronized ResponseDefinition answer(ResponseDefinition stubbed, Request request) {
        String path = request.getUrl().replaceFirst("\\?.*", "");
        String relative = request.getUrl().substring(sitePath.length());
        String jwtProblem = checkJwt(request, relative);
        if (jwtProblem != null) {
            violations.add(request.getMethod() + " " + relative + ": " + jwtProblem);
            return respond(stubbed, 401, Map.of(), "");
        }
        Canned next = canned.poll();
        if (next != null) {
            refusedAt.add(Instant.now());
            return respond(stubbed, next.status(), next.headers(), next.body());
        }
        String method = request.getMethod().getName();
        String below = path.substring(sitePath.length());
        if (method.equals("POST") && below.equals("/rest/devinfo/0.10/bulk")) {
            return bulk(stubbed, request.getBodyAsString());
        }
        if (method.equals("DELETE")) {
            Map<String, String> query = query(request.getUrl());
            // Entity and repository deletes must not wipe a newer update; a delete by property takes everything.
            if (!below.endsWith("/bulkByProperties") && !query.containsKey("_updateSequenceId")) {
                violations.add("DELETE " + relative + ": no _updateSequenceId");
                return respond(stubbed, 400, Map.of(), "{\"errorMessages\":[\"_updateSequenceId\"]}");
            }
            deletions.add(new Deletion(below, query, Instant.now()));
            delete(below, query);
            return respond(stubbed, 202, Map.of(), "");
        }
        violations.add(method + " " + relative + ": not an endpoint of the API");
        return respond(stubbed, 404, Map.of(), "");
    }

    private void delete(String below, Map<String, String> query) {
        long sequence = Long.parseLong(query.get("_updateSequenceId"));
        String[] parts = below.substring("/rest/devinfo/0.10/".length()).split("/");
        if (parts[0].equals("bulkByProperties")) {
            String integrationId = query.get("integrationId");
            stored.entrySet().removeIf(repository -> repository.getValue().values().stream()
                    .flatMap(kind -> kind.values().stream())
                    .anyMatch(entity -> integrationId.equals(entity.body().path("_integrationId").asText())));
        } else if (parts[0].equals("repository") && parts.length == 2) {
            stored.remove(parts[1]);
        } else if (parts[0].equals("repository") && parts.length == 4) {
            String kind = switch (parts[2]) {
                case "commit" -> "commits";
                case "branch" -> "branches";
                default -> "pullRequests";
            };
            Map<String, Stored> ofKind = stored.getOrDefault(parts[1], Map.of()).getOrDefault(kind, new LinkedHashMap<>());
            Stored held = ofKind.get(parts[3]);
            if (held != null && held.updateSequenceId() <= sequence) {
                ofKind.remove(parts[3]);
            }
        }
    }

    private ResponseDefinition bulk(ResponseDefinition stubbed, String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (Exception e) {
            violations.add("bulk: not JSON");
            return respond(stubbed, 400, Map.of(), "{\"errorMessages\":[\"not JSON\"]}");
        }
        List<String> problems = validate(request);
        if (!problems.isEmpty()) {
            violations.addAll(problems);
            return respond(stubbed, 400, Map.of(), "{\"errorMessages\":" + JSON.valueToTree(problems) + "}");
        }
        int entities = 0;
        int maxCommits = 0;
        for (JsonNode repository : request.path("repositories")) {
            for (String kind : List.of("commits", "branches", "pullRequests")) {
                entities += repository.path(kind).size();
            }
            maxCommits = Math.max(maxCommits, repository.path("commits").size());
        }
        for (JsonNode repository : request.path("repositories")) {
            for (String kind : List.of("commits", "branches", "pullRequests")) {
                for (JsonNode entity : repository.path(kind)) {
                    if (badRequestIds.contains(entity.path("id").asText())) {
                        refusedAt.add(Instant.now());
                        return respond(stubbed, 400, Map.of(), "{\"errorMessages\":[\"Invalid entity\"]}");
                    }
                }
            }
        }
        if (entities > tooLargeAbove) {
            refusedAt.add(Instant.now());
            return respond(stubbed, 413, Map.of(), "");
        }
        String integrationId = request.path("properties").path("integrationId").asText();
        pushes.add(new Push(request.path("operationType").asText("NORMAL"),
                request.path("preventTransitions").asBoolean(false), integrationId,
                request.path("repositories").size(), entities, maxCommits, Instant.now()));
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode accepted = answer.putObject("acceptedDevinfoEntities");
        ObjectNode failed = JSON.createObjectNode();
        for (JsonNode repository : request.path("repositories")) {
            String repositoryId = repository.path("id").asText();
            ObjectNode acceptedHere = accepted.putObject(repositoryId);
            for (String kind : List.of("commits", "branches", "pullRequests")) {
                var acceptedIds = acceptedHere.putArray(kind);
                for (JsonNode entity : repository.path(kind)) {
                    String id = entity.path("id").asText();
                    String refusal = failing.get(id);
                    if (refusal != null) {
                        ObjectNode failedHere = failed.has(repositoryId) ? (ObjectNode) failed.get(repositoryId)
                                : failed.putObject(repositoryId);
                        (failedHere.has(kind) ? (com.fasterxml.jackson.databind.node.ArrayNode) failedHere.get(kind)
                                : failedHere.putArray(kind)).addObject().put("id", id).putArray("errorMessages")
                                .addObject().put("message", refusal);
                        continue;
                    }
                    acceptedIds.add(id);
                    acceptedEntities.incrementAndGet();
                    if (countOnly) {
                        continue;
                    }
                    ObjectNode kept = entity.deepCopy();
                    kept.put("_integrationId", integrationId);
                    long sequence = entity.path("updateSequenceId").asLong();
                    stored.computeIfAbsent(repositoryId, r -> new ConcurrentHashMap<>())
                            .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                            .merge(id, new Stored(sequence, kept),
                                    (old, fresh) -> fresh.updateSequenceId() > old.updateSequenceId() ? fresh : old);
                }
            }
        }
        if (!failed.isEmpty()) {
            answer.set("failedDevinfoEntities", failed);
        }
        answer.putArray("unknownIssueKeys");
        return respond(stubbed, 202, Map.of("Content-Type", "application/json"), answer.toString());
    }

    // ---- rules

    private String checkJwt(Request request, String relativePathAndQuery) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("JWT ")) {
            return "no JWT";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(header.substring(4));
            if (!"HS256".equals(jwt.getHeader().getAlgorithm().getName())) {
                return "not HS256";
            }
            if (sharedSecret == null || !jwt.verify(new MACVerifier(sharedSecret))) {
                return "not signed with the site's shared secret";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!APP_KEY.equals(claims.getIssuer())) {
                return "iss is " + claims.getIssuer();
            }
            if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(Instant.now())) {
                return "expired";
            }
            String expected = QueryStringHash.of(request.getMethod().getName(), relativePathAndQuery);
            if (!expected.equals(claims.getStringClaim("qsh"))) {
                return "qsh is not that of " + request.getMethod().getName() + " " + relativePathAndQuery;
            }
            return null;
        } catch (Exception e) {
            return "unreadable JWT: " + e.getMessage();
        }
    }

    private static List<String> validate(JsonNode request) {
        List<String> problems = new ArrayList<>();
        JsonNode repositories = request.path("repositories");
        if (!repositories.isArray() || repositories.isEmpty() || repositories.size() > 100) {
            problems.add("repositories: 1 to 100, not " + repositories.size());
        }
        if (!request.path("properties").path("integrationId").isTextual()) {
            problems.add("properties.integrationId missing");
        }
        String operation = request.path("operationType").asText("NORMAL");
        if (!operation.equals("NORMAL") && !operation.equals("BACKFILL")) {
            problems.add("operationType " + operation);
        }
        int total = 0;
        Set<String> repositoryIds = new HashSet<>();
        for (JsonNode repository : repositories) {
            String id = repository.path("id").asText(null);
            requireId(problems, "repository", id);
            if (!repositoryIds.add(String.valueOf(id))) {
                problems.add("repository " + id + " twice");
            }
            requireText(problems, "repository " + id + " name", repository.path("name"), 255);
            requireUrl(problems, "repository " + id + " url", repository.path("url"), true);
            requireSequence(problems, "repository " + id, repository);
            for (String kind : List.of("commits", "branches", "pullRequests")) {
                JsonNode entities = repository.path(kind);
                total += entities.size();
                if (entities.size() > 400) {
                    problems.add("repository " + id + ": " + entities.size() + " " + kind);
                }
                Set<String> ids = new HashSet<>();
                for (JsonNode entity : entities) {
                    String entityId = entity.path("id").asText(null);
                    if (!ids.add(String.valueOf(entityId))) {
                        problems.add(kind + " " + entityId + " twice");
                    }
                    String where = kind + " " + entityId;
                    switch (kind) {
                        case "commits" -> commit(problems, where, entity, true);
                        case "branches" -> branch(problems, where, entity);
                        default -> pullRequest(problems, where, entity);
                    }
                }
            }
        }
        if (total > 1000) {
            problems.add(total + " entities");
        }
        return problems;
    }

    private static void commit(List<String> problems, String where, JsonNode commit, boolean keys) {
        requireId(problems, where, commit.path("id").asText(null));
        if (keys) {
            requireKeys(problems, where, commit.path("issueKeys"));
        }
        requireSequence(problems, where, commit);
        requireText(problems, where + " message", commit.path("message"), 1024, true);
        requireText(problems, where + " author.name", commit.path("author").path("name"), 255);
        if (!commit.path("fileCount").isInt() || commit.path("fileCount").asInt() < 0) {
            problems.add(where + " fileCount");
        }
        requireUrl(problems, where + " url", commit.path("url"), true);
        requireTime(problems, where + " authorTimestamp", commit.path("authorTimestamp"));
        requireText(problems, where + " displayId", commit.path("displayId"), 255);
        for (JsonNode flag : commit.path("flags")) {
            if (!flag.asText().equals("MERGE_COMMIT")) {
                problems.add(where + " flag " + flag);
            }
        }
    }

    private static void branch(List<String> problems, String where, JsonNode branch) {
        requireId(problems, where, branch.path("id").asText(null));
        requireKeys(problems, where, branch.path("issueKeys"));
        requireSequence(problems, where, branch);
        requireText(problems, where + " name", branch.path("name"), 512);
        if (!branch.path("lastCommit").isObject()) {
            problems.add(where + " lastCommit missing");
        } else {
            commit(problems, where + " lastCommit", branch.path("lastCommit"), false);
        }
        requireUrl(problems, where + " url", branch.path("url"), true);
        requireUrl(problems, where + " createPullRequestUrl", branch.path("createPullRequestUrl"), false);
    }

    private static void pullRequest(List<String> problems, String where, JsonNode pullRequest) {
        requireId(problems, where, pullRequest.path("id").asText(null));
        requireKeys(problems, where, pullRequest.path("issueKeys"));
        requireSequence(problems, where, pullRequest);
        if (!Set.of("OPEN", "MERGED", "DECLINED", "UNKNOWN").contains(pullRequest.path("status").asText())) {
            problems.add(where + " status " + pullRequest.path("status"));
        }
        requireText(problems, where + " title", pullRequest.path("title"), 1024);
        requireText(problems, where + " author.name", pullRequest.path("author").path("name"), 255);
        if (!pullRequest.path("commentCount").isInt() || pullRequest.path("commentCount").asInt() < 0) {
            problems.add(where + " commentCount");
        }
        requireText(problems, where + " sourceBranch", pullRequest.path("sourceBranch"), 255);
        requireUrl(problems, where + " sourceBranchUrl", pullRequest.path("sourceBranchUrl"), false);
        requireUrl(problems, where + " destinationBranchUrl", pullRequest.path("destinationBranchUrl"), false);
        requireTime(problems, where + " lastUpdate", pullRequest.path("lastUpdate"));
        requireUrl(problems, where + " url", pullRequest.path("url"), true);
        requireText(problems, where + " displayId", pullRequest.path("displayId"), 255);
        for (JsonNode reviewer : pullRequest.path("reviewers")) {
            String status = reviewer.path("approvalStatus").asText("UNAPPROVED");
            if (!status.equals("APPROVED") && !status.equals("UNAPPROVED")) {
                problems.add(where + " reviewer approvalStatus " + status);
            }
        }
    }

    private static void requireId(List<String> problems, String where, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(where + ": id " + id + " not of [A-Za-z0-9~.-_]{1,1024}");
        }
    }

    private static void requireKeys(List<String> problems, String where, JsonNode keys) {
        if (!keys.isArray() || keys.isEmpty() || keys.size() > 500) {
            problems.add(where + ": issueKeys 1 to 500");
            return;
        }
        for (JsonNode key : keys) {
            String text = key.asText();
            if (!ISSUE_KEY.matcher(text).matches() || !text.equals(text.toUpperCase(java.util.Locale.ROOT))) {
                problems.add(where + ": issue key " + text);
            }
        }
    }

    private static void requireSequence(List<String> problems, String where, JsonNode node) {
        if (!node.path("updateSequenceId").canConvertToLong() || !node.path("updateSequenceId").isIntegralNumber()) {
            problems.add(where + ": updateSequenceId");
        }
    }

    private static void requireText(List<String> problems, String where, JsonNode text, int max) {
        requireText(problems, where, text, max, false);
    }

    private static void requireText(List<String> problems, String where, JsonNode text, int max, boolean mayBeEmpty) {
        if (!text.isTextual() || text.asText().length() > max || !mayBeEmpty && text.asText().isEmpty()) {
            problems.add(where + ": text of at most " + max);
        }
    }

    private static void requireUrl(List<String> problems, String where, JsonNode url, boolean required) {
        if (url.isMissingNode() && !required) {
            return;
        }
        try {
            URI uri = new URI(url.asText());
            if (!url.isTextual() || !uri.isAbsolute() || uri.getHost() == null || url.asText().length() > 2000) {
                problems.add(where + ": not an absolute URL");
            }
        } catch (Exception e) {
            problems.add(where + ": not a URL");
        }
    }

    private static void requireTime(List<String> problems, String where, JsonNode time) {
        try {
            OffsetDateTime.parse(time.asText());
        } catch (Exception e) {
            problems.add(where + ": not ISO 8601");
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        int mark = url.indexOf('?');
        if (mark < 0) {
            return query;
        }
        for (String pair : url.substring(mark + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static ResponseDefinition respond(ResponseDefinition stubbed, int status, Map<String, String> headers,
                                              String body) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.like(stubbed).but().withStatus(status).withBody(body);
        headers.forEach(builder::withHeader);
        return builder.build();
    }

    /** The test hosts' server's extension that has each site's devinfo calls answered by its {@link DevinfoStub}. */
    public static final class Answers implements ResponseDefinitionTransformerV2 {

        static final String NAME = "devinfo-stub";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ResponseDefinition stubbed = event.getResponseDefinition();
            DevinfoStub site = SITES.get(stubbed.getTransformerParameters().getString(SITE_PARAMETER));
            return site.answer(stubbed, event.getRequest());
        }
    }
}
