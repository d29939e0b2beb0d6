package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.hosts.GitHubEnterpriseHost;
import com.gitbridge.testing.hosts.TestCredential;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data of sites that uninstalled the app without their cleanup having run (or whose site row is gone) is swept
 * away: integrations, user tokens, indexed rows, mirrors and audit trail; installed sites keep theirs.
 */
class UninstalledSiteSweepTest extends AppTestBase {

    private static final List<String> TABLES = List.of("integration", "user_token", "indexed_repository",
            "indexed_commit", "audit_entry");

    @Autowired
    UninstalledSiteSweep sweep;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${gitbridge.indexing.mirrors}")
    Path mirrors;

    private final String admin = "admin-" + UUID.randomUUID();

    @Test
    void theSweepRemovesWhatSitesThatAreNotInstalledLeftAndNothingOfInstalledSites() throws Exception {
        SiteWithData installed = siteWithData();
        SiteWithData uninstalled = siteWithData();
        SiteWithData missing = siteWithData();
        jdbc.update("update atlassian_host set addon_installed = false where client_key = ?", uninstalled.tenantId());
        jdbc.update("delete from atlassian_host where client_key = ?", missing.tenantId());

        assertThat(sweep.sweep()).isEqualTo(2);

        for (SiteWithData gone : List.of(uninstalled, missing)) {
            for (String table : TABLES) {
                assertThat(rows(table, gone.tenantId())).as(table).isZero();
            }
            assertThat(gone.mirror()).doesNotExist();
        }
        for (String table : TABLES) {
            assertThat(rows(table, installed.tenantId())).as(table).isEqualTo(1);
        }
        assertThat(installed.mirror()).exists();
        assertThat(sweep.sweep()).as("a second sweep").isZero();
    }

    private record SiteWithData(String tenantId, Path mirror) {
    }

    /** A site with an integration, a user token, an indexed repository with a commit and a mirror, and an audit entry. */
    private SiteWithData siteWithData() throws Exception {
        TestTenant site = tenant(new JiraStub("/jira-" + UUID.randomUUID()).administrator(admin));
        GitHubEnterpriseHost host = new GitHubEnterpriseHost();
        TestCredential bot = host.newCredential();
        host.accept(bot, "integration-bot");
        String integrationId = addIntegration(site, admin, host, bot, false);
        TestCredential pat = host.newCredential();
        host.accept(pat, "admin-on-host");
        assertThat(http.send("PUT", "/api/me/tokens/" + integrationId, site.contextJwt(admin), pat.json()).statusCode())
                .isEqualTo(200);
        String repositoryPk = UUID.randomUUID().toString();
        jdbc.update("""
                insert into indexed_repository (id, tenant_id, integration_id, repository, host_type, state, commits_indexed,
                    reindex_requested, version) values (?, ?, ?, 'acme/web', 'GITHUB_ENTERPRISE', 'DONE', 1, false, 0)""",
                repositoryPk, site.clientKey(), integrationId);
        jdbc.update("""
                insert into indexed_commit (repository_pk, sha, issue_key, tenant_id, message, author, committed_at)
                values (?, ?, 'ABC-1', ?, 'ABC-1 Fix', 'dev', ?)""",
                repositoryPk, "4b825dc642cb6eb9a060e54bf8d69288fbee4904", site.clientKey(), Timestamp.from(Instant.now()));
        jdbc.update("""
                insert into audit_entry (id, tenant_id, account_id, integration_id, repository, action, target,
                    credential_kind, host_login, outcome, detail, created_at)
                values (?, ?, ?, ?, 'acme/web', 'CREATE_BRANCH', 'ABC-1-fix', 'INTEGRATION_ACCOUNT', 'integration-bot',
                    'CREATED', null, ?)""",
                UUID.randomUUID().toString(), site.clientKey(), admin, integrationId, Timestamp.from(Instant.now()));
        Path mirror = mirrors.resolve(repositoryPk);
        Files.createDirectories(mirror.resolve("objects"));
        Files.writeString(mirror.resolve("HEAD"), "ref: refs/heads/main\n");
        return new SiteWithData(site.clientKey(), mirror);
    }

    private int rows(String table, String tenantId) {
        return jdbc.queryForObject("select count(*) from " + table + " where tenant_id = ?", Integer.class, tenantId);
    }
}
