package com.gitbridge.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.ProviderRegistry;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.testing.AppTestBase;

/** The indexer as the app wires it: mirrors where configured, rows in the app's database, never file: URLs. */
class GitIndexerInAppTest extends AppTestBase {

    @TempDir
    static Path data;

    @Autowired
    GitIndexer indexer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProviderRegistry providers;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("gitbridge.indexing.mirrors", () -> data.resolve("mirrors").toString());
    }

    @Test
    void indexesOverHttpWithATokenIntoTheAppDatabaseAndForgets() throws Exception {
        try (SourceRepository source = SourceRepository.create(data.resolve("host-repository"));
             GitHttpServer host = new GitHttpServer(source.repository(), "/acme/web.git")) {
            String sha = source.commit("ABC-1 Add login");
            source.branch("abc-2-signup");
            String token = "ghp_inAppT0kenValue0123456789";
            host.requireBasic("x-access-token", token);

            GitRemote remote = providers.gitRemote(HostEndpoint.of(ProviderType.GITHUB_ENTERPRISE, host.origin(), null),
                    new Credential.Token(token), host.url());
            GitIndexResult result = indexer.index(new GitIndexRequest("app-repo-1", "tenant-1", remote,
                    new IssueKeyMatcher(Set.of("ABC")), true, null));

            assertThat(result).isEqualTo(new GitIndexResult(1, 1, 0, 1));
            assertThat(jdbc.queryForList("select sha from indexed_commit where repository_pk = 'app-repo-1'",
                    String.class)).containsExactly(sha);
            Path mirror = data.resolve("mirrors").resolve("app-repo-1");
            assertThat(mirror).isDirectory();

            indexer.delete("app-repo-1");

            assertThat(mirror).doesNotExist();
            assertThat(jdbc.queryForObject("select count(*) from indexed_ref where repository_pk = 'app-repo-1'",
                    Integer.class)).isZero();
        }
    }

    @Test
    void refusesLocalRepositoriesAsCloneUrls() throws Exception {
        try (SourceRepository source = SourceRepository.create(data.resolve("local"))) {
            source.commit("ABC-1 One");

            assertThatThrownBy(() -> indexer.index(new GitIndexRequest("app-repo-2", "tenant-1",
                    GitRemote.anonymous(source.url()), new IssueKeyMatcher(Set.of("ABC")), true, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not file");
        }
    }
}
