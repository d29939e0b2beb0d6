package com.gitbridge.indexing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.gitbridge.provider.HostLinks;
import com.gitbridge.provider.ProviderType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads one issue's commits, branches and pull requests of one site: three index lookups by (site, issue key), sent
 * as one statement. Every panel and API read runs it, and under load three statements cost three round trips and
 * three turns at the connection pool each: the rows of the three kinds come padded to the same columns instead.
 * Rows of an integration limited to other Jira projects than the issue's are left out in the statement, before the
 * limit on commits, so that they neither show nor take the place of rows that do.
 */
@Component
public class DevelopmentQuery {

    static final int MAX_COMMITS = 500;

    private static final String COMMIT = "C";
    private static final String BRANCH = "B";
    private static final String PULL_REQUEST = "P";

    /**
     * The site's integrations limited to projects other than the issue's: {@code integration.project_keys} holds
     * upper-case keys, comma-separated, or nothing for every project. Parameters: the site, then the project key
     * between commas.
     */
    private static final String ELSEWHERE = """
            select i.id from integration i
            where i.tenant_id = ? and i.project_keys <> '' and position(? in ',' || i.project_keys || ',') = 0""";

    /**
     * Columns: kind, item_id (sha, branch name, pull request id), item_text (message, title), author, item_time,
     * state, url, source branch, target branch, then the repository's name, integration, web URL and host type.
     * Within a kind the rows come in the order the panel shows them.
     */
    private static final String DEVELOPMENT = """
            select 'C' as kind, c.sha as item_id, c.message as item_text, c.author, c.committed_at as item_time,
                   cast(null as varchar) as state, cast(null as varchar) as url,
                   cast(null as varchar) as source_branch, cast(null as varchar) as target_branch,
                   r.repository, r.integration_id, r.web_url, r.host_type
            from (select ic.sha, ic.message, ic.author, ic.committed_at, ic.repository_pk from indexed_commit ic
                  join indexed_repository ir on ir.id = ic.repository_pk
                  where ic.tenant_id = ? and ic.issue_key = ? and ir.integration_id not in (%1$s)
                  order by ic.committed_at desc limit %2$d) c
            join indexed_repository r on r.id = c.repository_pk
            union all
            select 'B', b.name, null, null, null, null, null, null, null,
                   r.repository, r.integration_id, r.web_url, r.host_type
            from indexed_branch b join indexed_repository r on r.id = b.repository_pk
            where b.tenant_id = ? and b.issue_key = ? and r.integration_id not in (%1$s)
            union all
            select 'P', p.pull_request, p.title, p.author, p.updated_at, p.state, p.url, p.source_branch, p.target_branch,
                   r.repository, r.integration_id, null, null
            from indexed_pull_request p join indexed_repository r on r.id = p.repository_pk
            where p.tenant_id = ? and p.issue_key = ? and r.integration_id not in (%1$s)
            order by kind, item_time desc, repository, item_id""".formatted(ELSEWHERE, MAX_COMMITS);

    private final JdbcTemplate jdbc;

    DevelopmentQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param projectKey the issue's Jira project; {@code null} if unknown, which only unlimited integrations serve */
    public IssueDevelopment forIssue(String tenantId, String issueKey, String projectKey) {
        String project = "," + (projectKey == null ? "" : projectKey) + ",";
        List<IssueDevelopment.Commit> commits = new ArrayList<>();
        List<IssueDevelopment.Branch> branches = new ArrayList<>();
        List<IssueDevelopment.PullRequest> pullRequests = new ArrayList<>();
        jdbc.query(DEVELOPMENT, row -> {
            switch (row.getString("kind")) {
                case COMMIT -> commits.add(commit(row));
                case BRANCH -> branches.add(branch(row));
                case PULL_REQUEST -> pullRequests.add(pullRequest(row));
                default -> throw new IllegalStateException("Unknown kind of row " + row.getString("kind"));
            }
        }, tenantId, issueKey, tenantId, project,
                tenantId, issueKey, tenantId, project,
                tenantId, issueKey, tenantId, project);
        return new IssueDevelopment(commits, branches, pullRequests);
    }

    private static IssueDevelopment.Commit commit(ResultSet row) throws SQLException {
        String sha = row.getString("item_id");
        return new IssueDevelopment.Commit(sha, row.getString("item_text"), row.getString("author"), instant(row),
                HostLinks.commit(hostType(row), row.getString("web_url"), sha), row.getString("repository"),
                row.getString("integration_id"));
    }

    private static IssueDevelopment.Branch branch(ResultSet row) throws SQLException {
        String name = row.getString("item_id");
        return new IssueDevelopment.Branch(name, HostLinks.branch(hostType(row), row.getString("web_url"), name),
                row.getString("repository"), row.getString("integration_id"));
    }

    private static IssueDevelopment.PullRequest pullRequest(ResultSet row) throws SQLException {
        return new IssueDevelopment.PullRequest(row.getString("item_id"), row.getString("item_text"), row.getString("state"),
                row.getString("url"), row.getString("source_branch"), row.getString("target_branch"),
                row.getString("author"), instant(row), row.getString("repository"), row.getString("integration_id"));
    }

    private static ProviderType hostType(ResultSet row) throws SQLException {
        return ProviderType.valueOf(row.getString("host_type"));
    }

    private static Instant instant(ResultSet row) throws SQLException {
        Timestamp timestamp = row.getTimestamp("item_time");
        return timestamp == null ? null : timestamp.toInstant();
    }
}
