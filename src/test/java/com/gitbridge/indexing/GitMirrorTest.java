package com.gitbridge.indexing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gitbridge.outbound.Origin;
import com.gitbridge.provider.GitRemote;
import com.gitbridge.provider.ProviderException;
import com.gitbridge.testing.TestHosts;
import com.gitbridge.testing.TestOutbound;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.WireMockServer;

class GitMirrorTest {

    private static final String TOKEN = Canary.secret("ghp_", "s3cr3tT0kenValue0123456789");
    private static final Set<String> ALL_SCHEMES = Set.of("http", "https", "file");
    private static final long QUOTA = IndexingSettings.DEFAULT_MIRROR_QUOTA.toBytes();

    @TempDir
    Path temp;
    private SourceRepository source;
    private GitHttpServer host;
    private GitMirror mirror;

    @BeforeEach
    void createSource() throws IOException {
        source = SourceRepository.create(temp.resolve("source"));
        source.commit("ABC-1 First");
        source.branch("abc-2-login");
        source.commit("ABC-2 Login");
        source.checkout("main");
        host = new GitHttpServer(source.repository(), "/acme/web.git");
        mirror = mirror(Duration.ofSeconds(5), ALL_SCHEMES);
    }

    @AfterEach
    void close() {
        mirror.close();
        host.close();
        source.close();
    }

    @Test
    void fetchesEveryBranchOverHttpWithTheCredential() throws IOException {
        host.requireBasic("x-access-token", TOKEN);

        mirror.fetch(github(host.url()));

        assertThat(mirror.branches()).isEqualTo(sourceBranches());
        assertThat(mirror.repository().isBare()).isTrue();
        assertThat(mirror.directory()).isEqualTo(temp.resolve("mirrors").resolve("repo-1"));
        assertThat(host.authorizations()).contains("Basic " + Base64.getEncoder()
                .encodeToString(("x-access-token:" + TOKEN).getBytes()));
    }

    @Test
    void followsForcePushesAndDropsDeletedBranches() throws IOException {
        mirror.fetch(GitRemote.anonymous(source.url()));
        source.deleteBranch("abc-2-login");
        source.resetHard("HEAD");
        source.commit("ABC-3 Rewritten");

        mirror.fetch(GitRemote.anonymous(source.url()));

        assertThat(mirror.branches()).isEqualTo(sourceBranches()).containsOnlyKeys("main");
    }

    @Test
    void reportsARefusedCredentialAsCredentialRejected() {
        host.requireBasic("x-access-token", "another-token");

        assertFetchFails(ProviderException.Kind.CREDENTIAL_REJECTED, message -> assertThat(message).contains("401"));
    }

    @Test
    void reportsAMissingCredentialAsCredentialRejected() {
        host.requireBasic("x-access-token", TOKEN);

        assertThatThrownBy(() -> mirror.fetch(GitRemote.anonymous(host.url())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CREDENTIAL_REJECTED));
    }

    @Test
    void reportsForbiddenAsForbidden() {
        host.respondWith(403);

        assertFetchFails(ProviderException.Kind.FORBIDDEN, message -> assertThat(message).contains("403"));
    }

    @Test
    void reportsAMissingRepositoryAsNotFound() {
        host.respondWith(404);

        assertFetchFails(ProviderException.Kind.NOT_FOUND, message -> assertThat(message).contains("acme/web.git"));
    }

    @Test
    void reportsAMissingLocalRepositoryAsNotFound() {
        assertThatThrownBy(() -> mirror.fetch(GitRemote.anonymous(temp.resolve("nothing-here").toUri().toString())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND));
    }

    @Test
    void reportsRateLimitingAsRateLimited() {
        host.respondWith(429);

        assertFetchFails(ProviderException.Kind.RATE_LIMITED, message -> assertThat(message).contains("429"));
    }

    @Test
    void reportsAServerErrorAsHostUnavailable() {
        host.respondWith(502);

        assertFetchFails(ProviderException.Kind.HOST_UNAVAILABLE, message -> assertThat(message).contains("502"));
    }

    @Test
    void reportsASlowHostAsHostUnavailableAfterTheTimeout() {
        mirror = mirror(Duration.ofSeconds(1), ALL_SCHEMES);
        host.delayBy(Duration.ofSeconds(4));
        long start = System.nanoTime();

        assertFetchFails(ProviderException.Kind.HOST_UNAVAILABLE, message -> assertThat(message).contains("timed out"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void reportsAnUnreachableHostAsHostUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> mirror.fetch(github("http://127.0.0.1:" + closedPort + "/acme/web.git")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.HOST_UNAVAILABLE));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307})
    void neverFollowsARedirectOfTheHost(int status) {
        WireMockServer hosts = TestHosts.server();
        String redirecting = "/redirecting-" + UUID.randomUUID() + "/acme/web.git";
        hosts.stubFor(any(urlPathMatching(redirecting + "/.*")).willReturn(aResponse().withStatus(status)
                .withHeader("Location", host.url() + "/info/refs?service=git-upload-pack")));

        assertThatThrownBy(() -> mirror.fetch(GitRemote.anonymous(TestHosts.baseUrl() + redirecting)))
                .isInstanceOf(ProviderException.class);
        assertThat(hosts.findAll(anyRequestedFor(urlPathMatching(redirecting + "/.*")))).isNotEmpty();
        assertThat(host.requests()).isZero();
    }

    @Test
    void neverRepeatsUserInformationOfTheCloneUrl() {
        host.requireBasic("x-access-token", TOKEN);
        String url = host.url().replace("http://", "http://someone:hunter2secret@");

        assertThatThrownBy(() -> mirror.fetch(TestOutbound.git().withPassword(url, List.of(Origin.required(url)), "x-access-token",
                uri -> "x")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CREDENTIAL_REJECTED);
                    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                        assertThat(cause.getMessage()).doesNotContain("hunter2secret").doesNotContain("someone@");
                    }
                });
    }

    @Test
    void healsABranchLockedByACrash() throws IOException {
        mirror.fetch(GitRemote.anonymous(source.url()));
        Files.createFile(mirror.directory().resolve("refs/heads/main.lock"));
        source.commit("ABC-4 After the crash");

        mirror.fetch(GitRemote.anonymous(source.url()));

        assertThat(mirror.branches()).isEqualTo(sourceBranches());
    }

    @Test
    void fetchesOnlyCommitsWhereTheHostFilters() throws IOException {
        RevCommit commit = source.commitFile("README.md", "Read me", "ABC-5 Document the setup");

        mirror.fetch(github(host.url()));

        try (ObjectReader reader = mirror.repository().newObjectReader()) {
            assertThat(reader.has(commit)).isTrue();
            assertThat(reader.has(commit.getTree())).isFalse();
        }
        assertThat(mirror.fullCopy()).isFalse();
    }

    @Test
    void fallsBackToAFullCopyWhereTheHostCannotFilter() throws IOException {
        source.allowFilters(false);
        RevCommit commit = source.commitFile("README.md", "Read me", "ABC-5 Document the setup");

        mirror.fetch(github(host.url()));
        source.commit("ABC-6 More");
        mirror.fetch(github(host.url()));

        assertThat(mirror.branches()).isEqualTo(sourceBranches());
        assertThat(mirror.fullCopy()).isTrue();
        try (ObjectReader reader = mirror.repository().newObjectReader()) {
            assertThat(reader.has(commit.getTree())).isTrue();
        }
    }

    @Test
    void fetchesAPartialMirrorAnewWhenItHasTooManyPacks() throws IOException {
        mirror.fetch(GitRemote.anonymous(source.url()));
        Path packs = mirror.directory().resolve("objects/pack");
        Path pack;
        try (Stream<Path> files = Files.list(packs)) {
            pack = files.filter(file -> file.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        for (int i = 0; i < GitMirror.MAX_PACKS; i++) {
            // Copies of the one pack stand for the packs of as many fetches.
            String copy = "pack-" + String.format("%040x", i);
            Files.copy(pack, packs.resolve(copy + ".pack"));
            Files.copy(Path.of(pack.toString().replace(".pack", ".idx")), packs.resolve(copy + ".idx"));
        }
        source.commit("ABC-7 After many fetches");

        mirror.fetch(GitRemote.anonymous(source.url()));

        assertThat(mirror.branches()).isEqualTo(sourceBranches());
        try (Stream<Path> files = Files.list(packs)) {
            assertThat(files.filter(file -> file.toString().endsWith(".pack")).count()).isEqualTo(1);
        }
    }

    @Test
    void refusesCloneUrlsOfOtherSchemes() {
        mirror = mirror(Duration.ofSeconds(5), Set.of("https", "http"));

        assertThatThrownBy(() -> mirror.fetch(GitRemote.anonymous(source.url()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mirror.fetch(GitRemote.anonymous("ssh://git@github.com/acme/web.git")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesRepositoryKeysThatAreNotPlainNames() {
        assertThatThrownBy(() -> new GitMirror(temp, "../escape", Duration.ofSeconds(1), ALL_SCHEMES, QUOTA))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteRemovesTheMirrorDirectory() {
        mirror.fetch(GitRemote.anonymous(source.url()));
        assertThat(mirror.directory()).isDirectory();

        mirror.delete();

        assertThat(mirror.directory()).doesNotExist();
        assertThat(temp.resolve("mirrors")).isDirectory();
    }

    /** The credential as GitHub takes it over git. */
    private static GitRemote github(String cloneUrl) {
        return TestOutbound.git().withPassword(cloneUrl, List.of(Origin.required(cloneUrl)), "x-access-token",
                uri -> TOKEN);
    }

    private GitMirror mirror(Duration timeout, Set<String> schemes) {
        if (mirror != null) {
            mirror.close();
        }
        return new GitMirror(temp.resolve("mirrors"), "repo-1", timeout, schemes, QUOTA);
    }

    private void assertFetchFails(ProviderException.Kind kind, Consumer<String> message) {
        assertThatThrownBy(() -> mirror.fetch(github(host.url())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    message.accept(e.getMessage());
                    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                        assertThat(String.valueOf(cause.getMessage())).doesNotContain(TOKEN);
                    }
                });
    }

    private Map<String, ObjectId> sourceBranches() throws IOException {
        Map<String, ObjectId> branches = new java.util.HashMap<>();
        for (var ref : source.repository().getRefDatabase().getRefsByPrefix("refs/heads/")) {
            branches.put(ref.getName().substring("refs/heads/".length()), ref.getObjectId());
        }
        return branches;
    }
}
