package com.gitbridge.devinfo;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gitbridge.provider.HostLinks;
import com.gitbridge.provider.ProviderType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Jira's development information entities, built from what is indexed now: the per-issue-key rows of one commit,
 * branch or pull request become one entity with all its keys. Every field is fitted to the API's limits; an entity
 * that cannot be valid (no key Jira takes, no absolute URL, a branch whose last commit is unknown) is left out.
 * Times of commits and branch tips are stored as UTC wall-clock time, a pull request's update time as a timestamp.
 */
@Component
class DevinfoEntities {

    static final Pattern ISSUE_KEY = Pattern.compile("^\\p{L}[\\p{L}\\p{Digit}_]{1,255}-\\p{Digit}{1,255}$");
    static final int MAX_KEYS = 500;
    private static final int MAX_URL = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An indexed repository as Jira's repository object needs it. */
    record Repository(String pk, String tenantId, String integrationId, String path, ProviderType hostType,
                      String webUrl, String defaultBranch) {

        String jiraId() {
            return JiraIds.repository(integrationId, path);
        }

        /** The repository object without entities, or {@code null} when the repository has no absolute web URL. */
        ObjectNode node() {
            String url = absoluteUrl(webUrl);
            if (url == null) {
                return null;
            }
            ObjectNode node = JSON.createObjectNode();
            node.put("id", jiraId());
            node.put("name", cut(path, 255));
            node.put("url", url);
            return node;
        }
    }

    /** An entity of one kind: its id in the outbox (sha, branch name, host id) and its body for Jira. */
    record Entity(DevinfoOutboxStore.Kind kind, String key, ObjectNode body) {
    }

    /** Entities in key order after a cursor; {@code last} is the last key read, {@code exhausted} when none follow. */
    record Page(List<Entity> entities, String last, boolean exhausted) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    DevinfoEntities(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Repository> repositories(Collection<String> pks) {
        Map<String, Repository> found = new LinkedHashMap<>();
        if (pks.isEmpty()) {
            return found;
        }
        jdbc.query("select id, tenant_id, integration_id, repository, host_type, web_url, default_branch "
                + "from indexed_repository "
                + "where id in (:ids)", new MapSqlParameterSource("ids", pks), row -> {
            ProviderType type;
            try {
                type = ProviderType.valueOf(row.getString("host_type"));
            } catch (IllegalArgumentException unknown) {
                return;
            }
            found.put(row.getString("id"), new Repository(row.getString("id"), row.getString("tenant_id"),
                    row.getString("integration_id"), row.getString("repository"), type, row.getString("web_url"),
                    row.getString("default_branch")));
        });
        return found;
    }

    // ---- commits

    /** The commits of these shas that are indexed, by sha. */
    Map<String, Entity> commits(Repository repository, Collection<String> shas) {
        Map<String, Entity> built = new LinkedHashMap<>();
        if (shas.isEmpty()) {
            return built;
        }
        commitRows("sha in (:keys)", new MapSqlParameterSource("keys", shas), repository)
                .forEach((sha, rows) -> add(built, DevinfoOutboxStore.Kind.COMMIT, sha, commit(repository, rows)));
        return built;
    }

    Page commitsAfter(Repository repository, String after, int limit) {
        List<String> shas = jdbc.queryForList("select distinct sha from indexed_commit where repository_pk = :pk "
                        + "and sha > :after order by sha limit :limit",
                new MapSqlParameterSource("pk", repository.pk()).addValue("after", after == null ? "" : after)
                        .addValue("limit", limit), String.class);
        return page(DevinfoOutboxStore.Kind.COMMIT, shas, limit, commits(repository, shas), after);
    }

    private Map<String, List<Map<String, Object>>> commitRows(String condition, MapSqlParameterSource parameters,
                                                             Repository repository) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        jdbc.query("select sha, issue_key, message, author, author_email, authored_at, committed_at, file_count, "
                        + "parent_count from indexed_commit where repository_pk = :pk and " + condition
                        + " order by sha, issue_key",
                parameters.addValue("pk", repository.pk()), row -> {
                    rows.computeIfAbsent(row.getString("sha"), s -> new ArrayList<>()).add(Map.of(
                            "issue_key", row.getString("issue_key"),
                            "row", CommitRow.of(row)));
                });
        return rows;
    }

    private record CommitRow(String sha, String message, String author, String email, Instant authoredAt,
                             Integer fileCount, Integer parentCount) {

        static CommitRow of(ResultSet row) throws SQLException {
            Instant authored = utc(row.getObject("authored_at", LocalDateTime.class));
            return new CommitRow(row.getString("sha"), row.getString("message"), row.getString("author"),
                    row.getString("author_email"),
                    authored != null ? authored : utc(row.getObject("committed_at", LocalDateTime.class)),
                    (Integer) row.getObject("file_count"), (Integer) row.getObject("parent_count"));
        }
    }

    private ObjectNode commit(Repository repository, List<Map<String, Object>> rows) {
        Set<String> keys = keys(rows.stream().map(row -> (String) row.get("issue_key")).toList());
        CommitRow first = (CommitRow) rows.get(0).get("row");
        return commitNode(repository, first, keys);
    }

    private ObjectNode commitNode(Repository repository, CommitRow commit, Set<String> keys) {
        String url = absoluteUrl(HostLinks.commit(repository.hostType(), repository.webUrl(), commit.sha()));
        if (keys.isEmpty() || url == null || commit.authoredAt() == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("id", commit.sha());
        node.set("issueKeys", array(keys));
        node.put("hash", commit.sha());
        node.put("displayId", commit.sha().substring(0, Math.min(7, commit.sha().length())));
        node.put("message", cut(commit.message() == null ? "" : commit.message(), 1024));
        node.set("author", author(commit.author(), commit.email()));
        node.put("authorTimestamp", commit.authoredAt().toString());
        node.put("fileCount", commit.fileCount() == null || commit.fileCount() < 0 ? 0 : commit.fileCount());
        node.put("url", url);
        if (commit.parentCount() != null && commit.parentCount() > 1) {
            node.putArray("flags").add("MERGE_COMMIT");
        }
        return node;
    }

    // ---- branches

    /** The branches of these names that are indexed and can be sent, by name. */
    Map<String, Entity> branches(Repository repository, Collection<String> names) {
        Map<String, Entity> built = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return built;
        }
        branchRows("name in (:keys)", new MapSqlParameterSource("keys", names), repository)
                .forEach((name, rows) -> add(built, DevinfoOutboxStore.Kind.BRANCH, name, branch(repository, name, rows)));
        return built;
    }

    Page branchesAfter(Repository repository, String after, int limit) {
        List<String> names = jdbc.queryForList("select distinct name from indexed_branch where repository_pk = :pk "
                        + "and name > :after order by name limit :limit",
                new MapSqlParameterSource("pk", repository.pk()).addValue("after", after == null ? "" : after)
                        .addValue("limit", limit), String.class);
        return page(DevinfoOutboxStore.Kind.BRANCH, names, limit, branches(repository, names), after);
    }

    /** Which of these names still have indexed rows: the others are gone, or hold no key any more. */
    Set<String> indexedBranches(Repository repository, Collection<String> names) {
        if (names.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(jdbc.queryForList("select distinct name from indexed_branch where repository_pk = :pk "
                + "and name in (:names)", new MapSqlParameterSource("pk", repository.pk()).addValue("names", names),
                String.class));
    }

    private record BranchRow(String issueKey, String tipSha, String tipMessage, String tipAuthor, String tipEmail,
                             Instant tipAuthoredAt, Integer tipFileCount, Integer tipParentCount) {
    }

    private Map<String, List<BranchRow>> branchRows(String condition, MapSqlParameterSource parameters,
                                                   Repository repository) {
        Map<String, List<BranchRow>> rows = new LinkedHashMap<>();
        jdbc.query("select name, issue_key, tip_sha, tip_message, tip_author, tip_author_email, tip_authored_at, "
                        + "tip_file_count, tip_parent_count from indexed_branch where repository_pk = :pk and "
                        + condition + " order by name, issue_key",
                parameters.addValue("pk", repository.pk()), row -> {
                    rows.computeIfAbsent(row.getString("name"), n -> new ArrayList<>()).add(new BranchRow(
                            row.getString("issue_key"), row.getString("tip_sha"), row.getString("tip_message"),
                            row.getString("tip_author"), row.getString("tip_author_email"),
                            utc(row.getObject("tip_authored_at", LocalDateTime.class)),
                            (Integer) row.getObject("tip_file_count"), (Integer) row.getObject("tip_parent_count")));
                });
        return rows;
    }

    private ObjectNode branch(Repository repository, String name, List<BranchRow> rows) {
        Set<String> keys = keys(rows.stream().map(BranchRow::issueKey).toList());
        String url = branchUrl(repository, name);
        if (keys.isEmpty() || url == null) {
            return null;
        }
        ObjectNode lastCommit = lastCommit(repository, rows.get(0), keys);
        if (lastCommit == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("id", JiraIds.branch(name));
        node.set("issueKeys", array(keys));
        node.put("name", cut(name, 512));
        node.set("lastCommit", lastCommit);
        node.put("url", url);
        String createPullRequest = repository.defaultBranch() == null || name.equals(repository.defaultBranch()) ? null
                : absoluteUrl(HostLinks.createPullRequest(repository.hostType(), repository.webUrl(), name,
                        repository.defaultBranch()));
        if (createPullRequest != null) {
            node.put("createPullRequestUrl", createPullRequest);
        }
        return node;
    }

    /** The branch's tip as its row says, else as the commit's own rows say; {@code null} when neither knows it. */
    private ObjectNode lastCommit(Repository repository, BranchRow tip, Set<String> branchKeys) {
        if (tip.tipSha() == null) {
            return null;
        }
        if (tip.tipAuthoredAt() != null) {
            return commitNode(repository, new CommitRow(tip.tipSha(), tip.tipMessage(), tip.tipAuthor(), tip.tipEmail(),
                    tip.tipAuthoredAt(), tip.tipFileCount(), tip.tipParentCount()), branchKeys);
        }
        List<Map<String, Object>> rows = commitRows("sha = :sha", new MapSqlParameterSource("sha", tip.tipSha()),
                repository).get(tip.tipSha());
        if (rows == null) {
            // A branch just created from the app, from a commit the mirror has not fetched yet: Jira needs the
            // branch now, so its last commit goes with what is known; the next index sends the commit whole.
            return commitNode(repository, new CommitRow(tip.tipSha(), "", "", null, Instant.now(), 0, 1), branchKeys);
        }
        return commitNode(repository, (CommitRow) rows.get(0).get("row"), branchKeys);
    }

    /** The branch's page on its host, as a branch entity's {@code url} and a pull request's branch URLs give it. */
    static String branchUrl(Repository repository, String name) {
        if (name == null || name.isEmpty() || repository.webUrl() == null) {
            return null;
        }
        return absoluteUrl(HostLinks.branch(repository.hostType(), repository.webUrl(), name));
    }

    // ---- pull requests

    Map<String, Entity> pullRequests(Repository repository, Collection<String> ids) {
        Map<String, Entity> built = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return built;
        }
        pullRequestRows("pull_request in (:keys)", new MapSqlParameterSource("keys", ids), repository)
                .forEach((id, rows) -> add(built, DevinfoOutboxStore.Kind.PULL_REQUEST, id, pullRequest(repository, id, rows)));
        return built;
    }

    Page pullRequestsAfter(Repository repository, String after, int limit) {
        List<String> ids = jdbc.queryForList("select distinct pull_request from indexed_pull_request "
                        + "where repository_pk = :pk and pull_request > :after order by pull_request limit :limit",
                new MapSqlParameterSource("pk", repository.pk()).addValue("after", after == null ? "" : after)
                        .addValue("limit", limit), String.class);
        return page(DevinfoOutboxStore.Kind.PULL_REQUEST, ids, limit, pullRequests(repository, ids), after);
    }

    /** Which of these pull requests still have indexed rows: the others no longer mention a key. */
    Set<String> indexedPullRequests(Repository repository, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(jdbc.queryForList("select distinct pull_request from indexed_pull_request "
                + "where repository_pk = :pk and pull_request in (:ids)",
                new MapSqlParameterSource("pk", repository.pk()).addValue("ids", ids), String.class));
    }

    private Map<String, List<Map<String, Object>>> pullRequestRows(String condition, MapSqlParameterSource parameters,
                                                                  Repository repository) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        jdbc.query("select pull_request, issue_key, title, state, url, source_branch, target_branch, author, "
                        + "updated_at, display_id, comment_count, reviewers from indexed_pull_request "
                        + "where repository_pk = :pk and " + condition + " order by pull_request, issue_key",
                parameters.addValue("pk", repository.pk()), row -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (String column : List.of("issue_key", "title", "state", "url", "source_branch",
                            "target_branch", "author", "display_id", "reviewers")) {
                        values.put(column, row.getString(column));
                    }
                    Timestamp updated = row.getTimestamp("updated_at");
                    values.put("updated_at", updated == null ? null : updated.toInstant());
                    values.put("comment_count", row.getObject("comment_count"));
                    rows.computeIfAbsent(row.getString("pull_request"), p -> new ArrayList<>()).add(values);
                });
        return rows;
    }

    private ObjectNode pullRequest(Repository repository, String id, List<Map<String, Object>> rows) {
        Set<String> keys = keys(rows.stream().map(row -> (String) row.get("issue_key")).toList());
        Map<String, Object> pr = rows.get(0);
        String url = absoluteUrl((String) pr.get("url"));
        String sourceBranch = (String) pr.get("source_branch");
        if (keys.isEmpty() || url == null || sourceBranch == null || sourceBranch.isEmpty()) {
            return null;
        }
        String displayId = pr.get("display_id") == null || ((String) pr.get("display_id")).isBlank()
                ? "#" + id : (String) pr.get("display_id");
        String title = (String) pr.get("title");
        ObjectNode node = JSON.createObjectNode();
        node.put("id", JiraIds.pullRequest(id));
        node.set("issueKeys", array(keys));
        node.put("status", status((String) pr.get("state")));
        node.put("title", cut(title == null || title.isBlank() ? displayId : title, 1024));
        node.set("author", author((String) pr.get("author"), null));
        Object comments = pr.get("comment_count");
        node.put("commentCount", comments instanceof Number count && count.intValue() > 0 ? count.intValue() : 0);
        node.put("sourceBranch", cut(sourceBranch, 255));
        putIfPresent(node, "sourceBranchUrl", branchUrl(repository, sourceBranch));
        String destination = (String) pr.get("target_branch");
        if (destination != null && !destination.isEmpty()) {
            node.put("destinationBranch", cut(destination, 255));
            putIfPresent(node, "destinationBranchUrl", branchUrl(repository, destination));
        }
        Instant updated = (Instant) pr.get("updated_at");
        node.put("lastUpdate", (updated == null ? Instant.EPOCH : updated).toString());
        node.put("url", url);
        node.put("displayId", cut(displayId, 255));
        ArrayNode reviewers = reviewers((String) pr.get("reviewers"));
        if (reviewers != null && !reviewers.isEmpty()) {
            node.set("reviewers", reviewers);
        }
        return node;
    }

    static String status(String state) {
        if (state == null) {
            return "UNKNOWN";
        }
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "OPEN" -> "OPEN";
            case "MERGED" -> "MERGED";
            case "CLOSED", "DECLINED" -> "DECLINED";
            default -> "UNKNOWN";
        };
    }

    /** The indexed reviewers ({@code [{"name","email","approved"}]}) as Jira's; {@code null} when unreadable. */
    private static ArrayNode reviewers(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode stored = JSON.readTree(json);
            ArrayNode reviewers = JSON.createArrayNode();
            for (JsonNode reviewer : stored) {
                ObjectNode out = JSON.createObjectNode();
                if (reviewer.hasNonNull("name")) {
                    out.put("name", cut(reviewer.get("name").asText(), 255));
                }
                if (reviewer.hasNonNull("email")) {
                    out.put("email", cut(reviewer.get("email").asText(), 254));
                }
                out.put("approvalStatus", reviewer.path("approved").asBoolean(false) ? "APPROVED" : "UNAPPROVED");
                reviewers.add(out);
            }
            return reviewers;
        } catch (Exception unreadable) {
            return null;
        }
    }

    // ---- shared

    private static Page page(DevinfoOutboxStore.Kind kind, List<String> keys, int limit, Map<String, Entity> built,
                             String after) {
        List<Entity> entities = new ArrayList<>();
        for (String key : keys) {
            Entity entity = built.get(key);
            if (entity != null) {
                entities.add(entity);
            }
        }
        String last = keys.isEmpty() ? after : keys.get(keys.size() - 1);
        return new Page(entities, last, keys.size() < limit);
    }

    private static void add(Map<String, Entity> built, DevinfoOutboxStore.Kind kind, String key, ObjectNode body) {
        if (body != null) {
            built.put(key, new Entity(kind, key, body));
        }
    }

    /** The keys Jira takes, upper-case, each once, at most 500. */
    static Set<String> keys(Collection<String> stored) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : stored) {
            if (key == null) {
                continue;
            }
            String upper = key.toUpperCase(Locale.ROOT);
            if (ISSUE_KEY.matcher(upper).matches() && keys.size() < MAX_KEYS) {
                keys.add(upper);
            }
        }
        return keys;
    }

    private static ArrayNode array(Collection<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode author(String name, String email) {
        ObjectNode author = JSON.createObjectNode();
        String shown = name != null && !name.isBlank() ? name : email != null && !email.isBlank() ? email : "Unknown";
        author.put("name", cut(shown, 255));
        if (email != null && !email.isBlank() && email.length() <= 254) {
            author.put("email", email);
        }
        return author;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The URL when it is absolute (http or https, with a host) and within Jira's 2000 characters, else {@code null}. */
    static String absoluteUrl(String url) {
        if (url == null || url.length() > MAX_URL) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
            return web && uri.getHost() != null ? url : null;
        } catch (Exception notAUri) {
            return null;
        }
    }

    /** At most {@code max} characters, never half a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
