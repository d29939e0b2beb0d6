package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one-statement read of an issue's development, on both databases the app runs on: rows, order, limit, tenancy,
 * and integrations limited to some Jira projects.
 */
class DevelopmentQueryTest {

    private static final String SITE = "site-" + UUID.randomUUID();
    private static final String OTHER_SITE = "other-" + UUID.randomUUID();

    static Stream<Named<Supplier<DataSource>>> databases() {
        return Stream.of(Named.of("H2", TestDatabases::h2), Named.of("PostgreSQL", TestDatabases::postgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void readsEachKindInThePanelsOrderForOneSiteAndIssue(Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        String web = repository(jdbc, SITE, "GITHUB_ENTERPRISE", "acme/web", "https://ghe.example/acme/web");
        String api = repository(jdbc, SITE, "GITLAB_SELF_MANAGED", "acme/api", "https://gitlab.example/acme/api");
        String foreign = repository(jdbc, OTHER_SITE, "GITHUB", "other/secret", "https://github.com/other/secret");
        commit(jdbc, web, SITE, "a".repeat(40), "ABC-1", "ABC-1 first", "2026-11-01T10:00:00Z");
        commit(jdbc, api, SITE, "b".repeat(40), "ABC-1", "ABC-1 second <script>", "2026-11-03T10:00:00Z");
        commit(jdbc, web, SITE, "c".repeat(40), "ABC-1", "ABC-1 and ABC-2", "2026-11-02T10:00:00Z");
        commit(jdbc, web, SITE, "c".repeat(40), "ABC-2", "ABC-1 and ABC-2", "2026-11-02T10:00:00Z");
        commit(jdbc, foreign, OTHER_SITE, "d".repeat(40), "ABC-1", "ABC-1 elsewhere", "2026-11-04T10:00:00Z");
        branch(jdbc, web, SITE, "abc-1-z", "ABC-1");
        branch(jdbc, api, SITE, "abc-1-b", "ABC-1");
        branch(jdbc, web, SITE, "abc-1-a", "ABC-1");
        branch(jdbc, foreign, OTHER_SITE, "abc-1-other", "ABC-1");
        pullRequest(jdbc, web, SITE, "7", "ABC-1", "OPEN", null);
        pullRequest(jdbc, web, SITE, "8", "ABC-1", "MERGED", "2026-11-05T10:00:00Z");
        pullRequest(jdbc, api, SITE, "9", "ABC-1", "DECLINED", "2026-11-06T10:00:00Z");
        pullRequest(jdbc, foreign, OTHER_SITE, "10", "ABC-1", "OPEN", "2026-11-07T10:00:00Z");

        IssueDevelopment found = new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-1", "ABC");

        assertThat(found.commits()).extracting(IssueDevelopment.Commit::sha)
                .containsExactly("b".repeat(40), "c".repeat(40), "a".repeat(40));
        IssueDevelopment.Commit newest = found.commits().get(0);
        assertThat(newest.message()).isEqualTo("ABC-1 second <script>");
        assertThat(newest.date()).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
        assertThat(newest.url()).isEqualTo("https://gitlab.example/acme/api/-/commit/" + "b".repeat(40));
        assertThat(newest.repository()).isEqualTo("acme/api");
        assertThat(newest.author()).isEqualTo("Ada");

        assertThat(found.branches()).extracting(branch -> branch.repository() + " " + branch.name())
                .containsExactly("acme/api abc-1-b", "acme/web abc-1-a", "acme/web abc-1-z");
        assertThat(found.branches().get(1).url()).isEqualTo("https://ghe.example/acme/web/tree/abc-1-a");

        // Never updated first, as the panel has always shown them (nulls sort high on both databases).
        assertThat(found.pullRequests()).extracting(IssueDevelopment.PullRequest::id).containsExactly("7", "9", "8");
        IssueDevelopment.PullRequest merged = found.pullRequests().get(2);
        assertThat(merged).isEqualTo(new IssueDevelopment.PullRequest("8", "ABC-1 change 8", "MERGED",
                "https://ghe.example/acme/web/pull/8", "abc-1-work", "main", "ada",
                Instant.parse("2026-11-05T10:00:00Z"), "acme/web", found.commits().get(1).integrationId()));

        assertThat(new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-2", "ABC").commits()).hasSize(1);
        IssueDevelopment nothing = new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-3", "ABC");
        assertThat(nothing.commits()).isEmpty();
        assertThat(nothing.branches()).isEmpty();
        assertThat(nothing.pullRequests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void returnsTheNewestCommitsUpToTheLimitWithTheOtherKinds(Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        String web = repository(jdbc, SITE, "GITHUB", "acme/web", "https://github.com/acme/web");
        List<Object[]> commits = new ArrayList<>();
        int total = DevelopmentQuery.MAX_COMMITS + 20;
        for (int i = 0; i < total; i++) {
            commits.add(new Object[] {web, String.format("%040x", i), "ABC-1", SITE, "ABC-1 change " + i, "Ada",
                Timestamp.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))});
        }
        jdbc.batchUpdate("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, ?, ?, ?, ?, ?, ?)""", commits);
        branch(jdbc, web, SITE, "abc-1-a", "ABC-1");
        pullRequest(jdbc, web, SITE, "1", "ABC-1", "OPEN", "2026-11-05T10:00:00Z");

        IssueDevelopment found = new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-1", "ABC");

        assertThat(found.commits()).hasSize(DevelopmentQuery.MAX_COMMITS);
        assertThat(found.commits().get(0).sha()).isEqualTo(String.format("%040x", total - 1));
        assertThat(found.commits().get(DevelopmentQuery.MAX_COMMITS - 1).sha()).isEqualTo(String.format("%040x", 20));
        assertThat(found.branches()).hasSize(1);
        assertThat(found.pullRequests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void leavesOutIntegrationsLimitedToOtherProjectsBeforeTheCommitLimit(Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        String everywhere = integration(jdbc, SITE, "");
        String here = integration(jdbc, SITE, "XYZ,ABC");
        String elsewhere = integration(jdbc, SITE, "A_C,ABCD,XABC");
        // The same limit on another site's integration says nothing of this site's.
        String othersLimited = integration(jdbc, OTHER_SITE, "ABC");
        String open = repository(jdbc, SITE, everywhere, "GITHUB", "acme/open", "https://github.com/acme/open");
        String limitedHere = repository(jdbc, SITE, here, "GITHUB", "acme/here", "https://github.com/acme/here");
        String limitedElsewhere = repository(jdbc, SITE, elsewhere, "GITHUB", "acme/elsewhere", "https://github.com/acme/elsewhere");
        repository(jdbc, OTHER_SITE, othersLimited, "GITHUB", "other/web", "https://github.com/other/web");
        commit(jdbc, open, SITE, "a".repeat(40), "ABC-1", "ABC-1 open", "2026-01-01T00:00:00Z");
        commit(jdbc, limitedHere, SITE, "b".repeat(40), "ABC-1", "ABC-1 here", "2026-01-02T00:00:00Z");
        List<Object[]> newer = new ArrayList<>();
        for (int i = 0; i < DevelopmentQuery.MAX_COMMITS; i++) {
            newer.add(new Object[] {limitedElsewhere, String.format("%040x", i), "ABC-1", SITE, "ABC-1 elsewhere", "Ada",
                Timestamp.from(Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i))});
        }
        jdbc.batchUpdate("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, ?, ?, ?, ?, ?, ?)""", newer);
        branch(jdbc, open, SITE, "abc-1-open", "ABC-1");
        branch(jdbc, limitedHere, SITE, "abc-1-here", "ABC-1");
        branch(jdbc, limitedElsewhere, SITE, "abc-1-elsewhere", "ABC-1");
        pullRequest(jdbc, limitedHere, SITE, "1", "ABC-1", "OPEN", "2026-11-05T10:00:00Z");
        pullRequest(jdbc, limitedElsewhere, SITE, "2", "ABC-1", "OPEN", "2026-11-06T10:00:00Z");

        IssueDevelopment found = new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-1", "ABC");

        assertThat(found.commits()).as("the newer commits of elsewhere take no place").extracting(IssueDevelopment.Commit::sha)
                .containsExactly("b".repeat(40), "a".repeat(40));
        assertThat(found.branches()).extracting(IssueDevelopment.Branch::name).containsExactly("abc-1-here", "abc-1-open");
        assertThat(found.pullRequests()).extracting(IssueDevelopment.PullRequest::id).containsExactly("1");

        IssueDevelopment ofAnotherProject = new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-1", "ABCD");
        assertThat(ofAnotherProject.commits()).hasSize(DevelopmentQuery.MAX_COMMITS);
        assertThat(ofAnotherProject.branches()).extracting(IssueDevelopment.Branch::name)
                .containsExactly("abc-1-elsewhere", "abc-1-open");
        IssueDevelopment ofNoKnownProject = new DevelopmentQuery(jdbc).forIssue(SITE, "ABC-1", null);
        assertThat(ofNoKnownProject.branches()).extracting(IssueDevelopment.Branch::name).containsExactly("abc-1-open");
    }

    /** An integration of {@code tenant} limited to {@code projectKeys} (comma-separated, empty for every project). */
    private static String integration(JdbcTemplate jdbc, String tenant, String projectKeys) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into integration (id, tenant_id, type, name, require_user_pat, project_keys, sealed_credential,
                    sealed_webhook_secret, created_at, updated_at, version)
                values (?, ?, 'GITHUB', 'Acme', false, ?, 'sealed', 'sealed', current_timestamp, current_timestamp, 0)""",
                id, tenant, projectKeys);
        return id;
    }

    private static String repository(JdbcTemplate jdbc, String tenant, String type, String path, String webUrl) {
        return repository(jdbc, tenant, UUID.nameUUIDFromBytes(tenant.getBytes()).toString(), type, path, webUrl);
    }

    private static String repository(JdbcTemplate jdbc, String tenant, String integrationId, String type, String path,
                                      String webUrl) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, web_url, clone_url,
                    default_branch, state, commits_indexed, reindex_requested, version)
                values (?, ?, ?, ?, ?, ?, ?, 'main', 'DONE', 0, false, 0)""",
                id, tenant, integrationId, path, type, webUrl, webUrl + ".git");
        return id;
    }

    private static void commit(JdbcTemplate jdbc, String repository, String tenant, String sha, String key,
                               String message, String at) {
        jdbc.update("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, ?, ?, ?, ?, 'Ada', ?)""", repository, sha, key, tenant, message, Timestamp.from(Instant.parse(at)));
    }

    private static void branch(JdbcTemplate jdbc, String repository, String tenant, String name, String key) {
        jdbc.update("insert into indexed_branch (repository_pk, name, issue_key, tenant_id) values (?, ?, ?, ?)",
                repository, name, key, tenant);
    }

    private static void pullRequest(JdbcTemplate jdbc, String repository, String tenant, String id, String key,
                                    String state, String updatedAt) {
        String webUrl = jdbc.queryForObject("select web_url from indexed_repository where id = ?", String.class,
                repository);
        jdbc.update("""
                insert into indexed_pull_request (repository_pk, pull_request, issue_key, tenant_id, title, state, url,
                    source_branch, target_branch, author, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                repository, id, key, tenant, key + " change " + id, state, webUrl + "/pull/" + id, "abc-1-work", "main",
                "ada", updatedAt == null ? null : Timestamp.from(Instant.parse(updatedAt)));
    }
}
