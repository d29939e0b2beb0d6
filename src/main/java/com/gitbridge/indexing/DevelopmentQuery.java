package com.gitbridge.indexing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.gitbridge.provider.HostLinks;
import com.gitbridge.provider.ProviderType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads one issue's commits, branches and pull requests of one site: three index lookups by (site, issue key). */
@Component
public class DevelopmentQuery {

    static final int MAX_COMMITS = 500;
    private static final String COMMITS = """
            select c.sha, c.message, c.author, c.committed_at, r.repository, r.integration_id, r.web_url, r.host_type
            from indexed_commit c join indexed_repository r on r.id = c.repository_pk
            where c.tenant_id = ? and c.issue_key = ?
            order by c.committed_at desc limit %d""".formatted(MAX_COMMITS);

    private final JdbcTemplate jdbc;

    DevelopmentQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public IssueDevelopment forIssue(String tenantId, String issueKey) {
        List<IssueDevelopment.Commit> commits = jdbc.query(COMMITS,
                (row, n) -> new IssueDevelopment.Commit(row.getString(1), row.getString(2), row.getString(3),
                        instant(row.getTimestamp(4)),
                        HostLinks.commit(ProviderType.valueOf(row.getString(8)), row.getString(7), row.getString(1)),
                        row.getString(5), row.getString(6)),
                tenantId, issueKey);
        List<IssueDevelopment.Branch> branches = jdbc.query("""
                select b.name, r.repository, r.integration_id, r.web_url, r.host_type
                from indexed_branch b join indexed_repository r on r.id = b.repository_pk
                where b.tenant_id = ? and b.issue_key = ?
                order by r.repository, b.name""",
                (row, n) -> new IssueDevelopment.Branch(row.getString(1),
                        HostLinks.branch(ProviderType.valueOf(row.getString(5)), row.getString(4), row.getString(1)),
                        row.getString(2), row.getString(3)),
                tenantId, issueKey);
        List<IssueDevelopment.PullRequest> pullRequests = jdbc.query("""
                select p.pull_request, p.title, p.state, p.url, p.source_branch, p.target_branch, p.author, p.updated_at,
                       r.repository, r.integration_id
                from indexed_pull_request p join indexed_repository r on r.id = p.repository_pk
                where p.tenant_id = ? and p.issue_key = ?
                order by p.updated_at desc""",
                (row, n) -> new IssueDevelopment.PullRequest(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7), instant(row.getTimestamp(8)),
                        row.getString(9), row.getString(10)),
                tenantId, issueKey);
        return new IssueDevelopment(commits, branches, pullRequests);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
