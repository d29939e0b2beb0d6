package com.gitbridge.provider.codecommit;

import static com.gitbridge.provider.codecommit.AwsStubs.ALICE;
import static com.gitbridge.provider.codecommit.AwsStubs.BOB;
import static com.gitbridge.provider.codecommit.AwsStubs.ENDPOINT;
import static com.gitbridge.provider.codecommit.AwsStubs.body;
import static com.gitbridge.provider.codecommit.AwsStubs.callerIdentity;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommit;
import static com.gitbridge.provider.codecommit.AwsStubs.codeCommitCalled;
import static com.gitbridge.provider.codecommit.AwsStubs.getCallerIdentity;
import static com.gitbridge.provider.codecommit.AwsStubs.getCallerIdentityCalled;
import static com.gitbridge.provider.codecommit.AwsStubs.json;
import static com.gitbridge.provider.codecommit.AwsStubs.repositoryMetadata;
import static com.gitbridge.provider.codecommit.AwsStubs.sigV4;
import static com.gitbridge.provider.codecommit.AwsStubs.texts;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.GitProvider;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostEndpoint;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.PullRequestDraft;
import com.gitbridge.testing.canary.Canary;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

class CodeCommitProviderTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String A_GITHUB_TOKEN = Canary.secret("ghp_", "0123456789abcdef");
    private static final String CONSOLE = "https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/";

    private CodeCommitProviderFactory factory;
    private GitProvider alice;

    @BeforeEach
    void connect() {
        factory = AwsStubs.factory(wm);
        alice = factory.connect(ENDPOINT, ALICE);
    }

    @AfterEach
    void noRequestCarriesASecretKey() {
        for (LoggedRequest request : wm.findAll(postRequestedFor(urlEqualTo("/")))) {
            String wire = request.getHeaders().all().stream().map(HttpHeader::toString)
                    .collect(Collectors.joining("\n")) + "\n" + request.getBodyAsString();
            assertThat(wire).doesNotContain(ALICE.secretAccessKey()).doesNotContain(BOB.secretAccessKey());
        }
        factory.close();
    }

    @Test
    void factoryServesCodeCommitOnly() {
        assertThat(factory.supportedTypes()).containsExactly(ProviderType.AWS_CODECOMMIT);
    }

    @Test
    void factoryRefusesATokenCredential() {
        assertThatThrownBy(() -> factory.connect(ENDPOINT, new Credential.Token(A_GITHUB_TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(A_GITHUB_TOKEN);
    }

    @Test
    void factoryRefusesAnEndpointWithoutRegion() {
        HostEndpoint noRegion = HostEndpoint.of(ProviderType.AWS_CODECOMMIT, null, " ");
        assertThatThrownBy(() -> factory.connect(noRegion, ALICE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validateNamesTheKeysArnFromStsAndChecksCodeCommitAccess() {
        wm.stubFor(getCallerIdentity().willReturn(callerIdentity("arn:aws:iam::123456789012:user/alice")));
        wm.stubFor(codeCommit("ListRepositories").willReturn(json("{\"repositories\":[]}")));

        CredentialCheck check = alice.validate();

        assertThat(check.login()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(check.scopes()).isEmpty();
        assertThat(check.expiresAt()).isNull();
        wm.verify(1, getCallerIdentityCalled()
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("Action=GetCallerIdentity&Version=2011-06-15"))
                .withHeader("Authorization", matching(sigV4(ALICE, "sts"))));
        wm.verify(1, codeCommitCalled("ListRepositories")
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withHeader("Authorization", matching(sigV4(ALICE, "codecommit"))));
    }

    @Test
    void listRepositoriesFollowsEveryPageAndReadsMetadataInBatchesOfTwentyFive() {
        // 30 repositories over three pages, listed newest-first so the result has to be sorted.
        List<String> names = IntStream.range(0, 30).mapToObj(i -> "repo-%02d".formatted(29 - i)).toList();
        wm.stubFor(codeCommit("ListRepositories").withRequestBody(equalToJson("{}"))
                .willReturn(json(listPage(names.subList(0, 12), "page-2"))));
        wm.stubFor(codeCommit("ListRepositories").withRequestBody(equalToJson("{\"nextToken\":\"page-2\"}"))
                .willReturn(json(listPage(names.subList(12, 24), "page-3"))));
        wm.stubFor(codeCommit("ListRepositories").withRequestBody(equalToJson("{\"nextToken\":\"page-3\"}"))
                .willReturn(json(listPage(names.subList(24, 30), null))));
        wm.stubFor(codeCommit("BatchGetRepositories").withRequestBody(equalToJson(names(names.subList(0, 25))))
                .willReturn(json(metadata(names.subList(0, 25)))));
        wm.stubFor(codeCommit("BatchGetRepositories").withRequestBody(equalToJson(names(names.subList(25, 30))))
                .willReturn(json(metadata(names.subList(25, 30)))));

        List<HostRepository> repositories = alice.listRepositories(null);

        assertThat(repositories).extracting(HostRepository::id)
                .containsExactlyElementsOf(names.stream().sorted().toList());
        assertThat(repositories.get(0)).isEqualTo(new HostRepository("repo-00", "repo-00", "main",
                CONSOLE + "repo-00/browse?region=eu-west-1",
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/repo-00"));
        wm.verify(3, codeCommitCalled("ListRepositories"));
        wm.verify(2, codeCommitCalled("BatchGetRepositories")
                .withHeader("Authorization", matching(sigV4(ALICE, "codecommit"))));
    }

    @Test
    void listRepositoriesKeepsOnlyNamesContainingTheQueryIgnoringCase() {
        wm.stubFor(codeCommit("ListRepositories").willReturn(json(
                listPage(List.of("Payments-API", "web-frontend", "legacy-payments", "gone-payments"), null))));
        wm.stubFor(codeCommit("BatchGetRepositories").willReturn(json("""
                {"repositories":[%s,%s],"repositoriesNotFound":["gone-payments"]}"""
                .formatted(repositoryMetadata("legacy-payments", null), repositoryMetadata("Payments-API", "main")))));

        List<HostRepository> repositories = alice.listRepositories(" PAYMENTS ");

        assertThat(repositories).extracting(HostRepository::id).containsExactly("Payments-API", "legacy-payments");
        assertThat(repositories.get(1).defaultBranch()).isNull();
        List<LoggedRequest> batches = wm.findAll(codeCommitCalled("BatchGetRepositories"));
        assertThat(batches).hasSize(1);
        assertThat(texts(body(batches.get(0)).get("repositoryNames")))
                .containsExactly("Payments-API", "legacy-payments", "gone-payments");
    }

    @Test
    void listRepositoriesMakesNoBatchCallWhenNothingMatches() {
        wm.stubFor(codeCommit("ListRepositories").willReturn(json(listPage(List.of("web-frontend"), null))));

        assertThat(alice.listRepositories("payments")).isEmpty();
        wm.verify(0, codeCommitCalled("BatchGetRepositories"));
    }

    @Test
    void getRepositoryReadsItsMetadataByName() {
        wm.stubFor(codeCommit("GetRepository").withRequestBody(equalToJson("{\"repositoryName\":\"payments\"}"))
                .willReturn(json("{\"repositoryMetadata\":" + repositoryMetadata("payments", "develop") + "}")));

        assertThat(alice.getRepository("payments")).isEqualTo(new HostRepository("payments", "payments", "develop",
                CONSOLE + "payments/browse?region=eu-west-1",
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/payments"));
    }

    @Test
    void listBranchesFollowsEveryPageAndLeavesCommitsUnknown() {
        wm.stubFor(codeCommit("ListBranches").withRequestBody(equalToJson("{\"repositoryName\":\"payments\"}"))
                .willReturn(json("{\"branches\":[\"main\",\"feature/ABC-1\"],\"nextToken\":\"b-2\"}")));
        wm.stubFor(codeCommit("ListBranches")
                .withRequestBody(equalToJson("{\"repositoryName\":\"payments\",\"nextToken\":\"b-2\"}"))
                .willReturn(json("{\"branches\":[\"develop\"]}")));

        List<HostBranch> branches = alice.listBranches("payments");

        assertThat(branches).containsExactly(
                new HostBranch("develop", null, CONSOLE + "payments/browse/refs/heads/develop?region=eu-west-1"),
                new HostBranch("feature/ABC-1", null,
                        CONSOLE + "payments/browse/refs/heads/feature/ABC-1?region=eu-west-1"),
                new HostBranch("main", null, CONSOLE + "payments/browse/refs/heads/main?region=eu-west-1"));
        wm.verify(2, codeCommitCalled("ListBranches"));
        wm.verify(0, codeCommitCalled("GetBranch"));
    }

    @Test
    void createBranchStartsAtTheTipOfTheSourceBranch() {
        wm.stubFor(codeCommit("GetBranch")
                .withRequestBody(equalToJson("{\"repositoryName\":\"payments\",\"branchName\":\"main\"}"))
                .willReturn(json("{\"branch\":{\"branchName\":\"main\",\"commitId\":\"3f2a9c1d\"}}")));
        wm.stubFor(codeCommit("CreateBranch").willReturn(json("")));

        HostBranch created = alice.createBranch("payments", "feature/ABC-1", "main");

        assertThat(created).isEqualTo(new HostBranch("feature/ABC-1", "3f2a9c1d",
                CONSOLE + "payments/browse/refs/heads/feature/ABC-1?region=eu-west-1"));
        wm.verify(1, codeCommitCalled("CreateBranch")
                .withRequestBody(equalToJson(
                        "{\"repositoryName\":\"payments\",\"branchName\":\"feature/ABC-1\",\"commitId\":\"3f2a9c1d\"}"))
                .withHeader("Authorization", matching(sigV4(ALICE, "codecommit"))));
    }

    @Test
    void createPullRequestOpensOneTargetFromSourceToTargetBranch() {
        wm.stubFor(codeCommit("CreatePullRequest").willReturn(json(pullRequest("OPEN", false))));

        HostPullRequest created = alice.createPullRequest("payments",
                new PullRequestDraft("feature/ABC-1", "main", "ABC-1 Fix rounding", "Fixes ABC-1"));

        assertThat(created).isEqualTo(new HostPullRequest("42", "ABC-1 Fix rounding", "OPEN",
                CONSOLE + "payments/pull-requests/42/details?region=eu-west-1", "feature/ABC-1", "main"));
        JsonNode sent = body(wm.findAll(codeCommitCalled("CreatePullRequest")).get(0));
        assertThat(sent.get("title").asText()).isEqualTo("ABC-1 Fix rounding");
        assertThat(sent.get("description").asText()).isEqualTo("Fixes ABC-1");
        assertThat(sent.get("clientRequestToken").asText()).isNotBlank();
        assertThat(sent.get("targets")).hasSize(1);
        JsonNode target = sent.get("targets").get(0);
        assertThat(target.get("repositoryName").asText()).isEqualTo("payments");
        assertThat(target.get("sourceReference").asText()).isEqualTo("feature/ABC-1");
        assertThat(target.get("destinationReference").asText()).isEqualTo("main");
    }

    @ParameterizedTest(name = "status {0}, merged {1} -> {2}")
    @CsvSource({"OPEN, false, OPEN", "CLOSED, false, CLOSED", "CLOSED, true, MERGED"})
    void createPullRequestReportsTheStateAwsGives(String status, boolean merged, String expected) {
        wm.stubFor(codeCommit("CreatePullRequest").willReturn(json(pullRequest(status, merged))));

        HostPullRequest created = alice.createPullRequest("payments",
                new PullRequestDraft("feature/ABC-1", "main", "ABC-1 Fix rounding", null));

        assertThat(created.state()).isEqualTo(expected);
    }

    @Test
    void twoProvidersFromOneFactoryEachSignWithTheirOwnKeyOnly() {
        GitProvider bob = factory.connect(ENDPOINT, BOB);
        wm.stubFor(codeCommit("ListBranches").willReturn(json("{\"branches\":[\"main\"]}")));
        wm.stubFor(getCallerIdentity().willReturn(callerIdentity("arn:aws:iam::123456789012:user/someone")));
        wm.stubFor(codeCommit("ListRepositories").willReturn(json("{\"repositories\":[]}")));

        alice.listBranches("payments");
        bob.listBranches("payments");
        bob.validate();
        alice.listBranches("payments");

        List<String> signatures = new ArrayList<>();
        wm.findAll(postRequestedFor(urlEqualTo("/"))).forEach(r -> signatures.add(r.getHeader("Authorization")));
        assertThat(signatures).hasSize(5);
        assertThat(signatures).filteredOn(s -> s.matches(sigV4(ALICE, "codecommit"))).hasSize(2);
        assertThat(signatures).filteredOn(s -> s.matches(sigV4(BOB, "codecommit"))).hasSize(2);
        assertThat(signatures).filteredOn(s -> s.matches(sigV4(BOB, "sts"))).hasSize(1);
    }

    private static String listPage(List<String> names, String nextToken) {
        String repositories = names.stream()
                .map(name -> "{\"repositoryName\":\"" + name + "\",\"repositoryId\":\"id-" + name + "\"}")
                .collect(Collectors.joining(","));
        return "{\"repositories\":[" + repositories + "]"
                + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
    }

    private static String names(List<String> names) {
        return names.stream().map(name -> "\"" + name + "\"")
                .collect(Collectors.joining(",", "{\"repositoryNames\":[", "]}"));
    }

    private static String metadata(List<String> names) {
        return names.stream().map(name -> repositoryMetadata(name, "main"))
                .collect(Collectors.joining(",", "{\"repositories\":[", "],\"repositoriesNotFound\":[]}"));
    }

    private static String pullRequest(String status, boolean merged) {
        return """
                {"pullRequest":{"pullRequestId":"42","title":"ABC-1 Fix rounding","pullRequestStatus":"%s",
                  "authorArn":"arn:aws:iam::123456789012:user/alice","revisionId":"r1",
                  "clientRequestToken":"token-1",
                  "pullRequestTargets":[{"repositoryName":"payments",
                    "sourceReference":"refs/heads/feature/ABC-1","destinationReference":"refs/heads/main",
                    "sourceCommit":"3f2a9c1d","destinationCommit":"9b8e7f6a","mergeBase":"1a2b3c4d",
                    "mergeMetadata":{"isMerged":%s}}]}}""".formatted(status, merged);
    }
}
