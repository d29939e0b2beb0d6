package com.gitbridge.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.gitbridge.provider.CredentialCheck;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostPullRequest;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderType;
import com.gitbridge.provider.PullRequestDraft;

class AzureProviderTest extends AzureWireMockTest {

    @ForEachAzureType
    void validateNamesTheAccountOfTheTokenWithoutScopesOrExpiry(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/connectionData")
                .withQueryParam("api-version", equalTo(previewApiVersion(type)))
                .willReturn(okJson("""
                        {"authenticatedUser":{"id":"6c1b","providerDisplayName":"Alice Smith",
                          "properties":{"Account":{"$type":"System.String","$value":"alice@fabrikam.example"}}},
                         "instanceId":"i-1"}""")));

        CredentialCheck check = connect(type).validate();

        assertThat(check).isEqualTo(new CredentialCheck("alice@fabrikam.example", List.of(), null));
        wm.verify(getRequestedFor(urlPathEqualTo(root(type) + "/_apis/connectionData"))
                .withQueryParam("api-version", equalTo(previewApiVersion(type)))
                .withHeader("Authorization", equalTo(ALICE_AUTH)));
    }

    @ForEachAzureType
    void validateFallsBackToTheDisplayNameWhenTheHostGivesNoAccount(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/connectionData")
                .withQueryParam("api-version", equalTo(previewApiVersion(type)))
                .willReturn(okJson("""
                        {"authenticatedUser":{"id":"6c1b","providerDisplayName":"FABRIKAM\\\\alice","properties":{}}}""")));

        assertThat(connect(type).validate().login()).isEqualTo("FABRIKAM\\alice");
    }

    @ForEachAzureType
    void listRepositoriesReturnsEveryProjectsRepositoriesFromEveryPageSortedById(ProviderType type) {
        String next = "next page+1/=";
        wm.stubFor(apiGet(type, "/_apis/git/repositories").withQueryParam("continuationToken", absent())
                .willReturn(okJson("{\"count\":3,\"value\":[%s,%s,%s]}".formatted(
                                repositoryJson("Fabrikam Fiber", "Web App", "refs/heads/main", webUrl(type)),
                                repositoryJson("Contoso", "Zeta", "refs/heads/develop", "https://code.example/c/z"),
                                repositoryJson("Fabrikam Fiber", "api", "refs/heads/main", "https://code.example/f/a")))
                        .withHeader("x-ms-continuationtoken", next)));
        wm.stubFor(apiGet(type, "/_apis/git/repositories").withQueryParam("continuationToken", equalTo(next))
                .willReturn(okJson("{\"count\":1,\"value\":[%s]}".formatted(
                        repositoryJson("Contoso", "alpha", null, "https://code.example/c/a")))));

        var repositories = connect(type).listRepositories(null);

        assertThat(repositories).extracting(HostRepository::id)
                .containsExactly("Contoso/Zeta", "Contoso/alpha", "Fabrikam Fiber/Web App", "Fabrikam Fiber/api");
        assertThat(repositories.get(1).defaultBranch()).isNull();
        assertThat(repositories.get(2)).isEqualTo(new HostRepository("Fabrikam Fiber/Web App", "Web App", "main",
                webUrl(type), "https://code.example/Fabrikam%20Fiber/_git/Web%20App"));
    }

    @ForEachAzureType
    void listRepositoriesKeepsThoseWhoseIdOrNameContainsTheQueryIgnoringCase(ProviderType type) {
        wm.stubFor(apiGet(type, "/_apis/git/repositories").willReturn(okJson("{\"count\":3,\"value\":[%s,%s,%s]}"
                .formatted(repositoryJson("Fabrikam Fiber", "Web App", "refs/heads/main", webUrl(type)),
                        repositoryJson("Contoso", "Zeta", "refs/heads/main", "https://code.example/c/z"),
                        repositoryJson("Fabrikam Fiber", "api", "refs/heads/main", "https://code.example/f/a")))));

        var provider = connect(type);

        assertThat(provider.listRepositories("WEB")).extracting(HostRepository::id)
                .containsExactly("Fabrikam Fiber/Web App");
        assertThat(provider.listRepositories("fabrikam")).extracting(HostRepository::id)
                .containsExactly("Fabrikam Fiber/Web App", "Fabrikam Fiber/api");
        assertThat(provider.listRepositories("  ")).hasSize(3);
    }

    @ForEachAzureType
    void getRepositoryAddressesTheProjectAndRepositoryByEncodedName(ProviderType type) {
        stubRepository(type);

        HostRepository repository = connect(type).getRepository(REPO_ID);

        assertThat(repository.id()).isEqualTo(REPO_ID);
        assertThat(repository.defaultBranch()).isEqualTo("main");
        wm.verify(getRequestedFor(urlPathEqualTo(root(type) + REPO_PATH))
                .withQueryParam("api-version", equalTo(apiVersion(type))));
    }

    @ForEachAzureType
    void getRepositoryUsesTheRemoteUrlAsPageWhenTheHostGivesNoWebUrl(ProviderType type) {
        wm.stubFor(apiGet(type, REPO_PATH).willReturn(okJson("""
                {"id":"r1","name":"Web App","project":{"name":"Fabrikam Fiber"},
                 "remoteUrl":"https://tfs.example/tfs/DefaultCollection/Fabrikam%20Fiber/_git/Web%20App"}""")));

        HostRepository repository = connect(type).getRepository(REPO_ID);

        assertThat(repository.webUrl())
                .isEqualTo("https://tfs.example/tfs/DefaultCollection/Fabrikam%20Fiber/_git/Web%20App");
        assertThat(repository.defaultBranch()).isNull();
    }

    @ForEachAzureType
    void listBranchesFollowsTheContinuationTokenThroughEveryPage(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").withQueryParam("filter", equalTo("heads/"))
                .withQueryParam("continuationToken", absent())
                .willReturn(okJson("{\"count\":2,\"value\":[%s,%s]}".formatted(
                                refJson("main", SHA), refJson("feature/ABC-1", "1111111111111111111111111111111111111111")))
                        .withHeader("x-ms-continuationtoken", "page-2")));
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").withQueryParam("filter", equalTo("heads/"))
                .withQueryParam("continuationToken", equalTo("page-2"))
                .willReturn(okJson("{\"count\":1,\"value\":[%s]}".formatted(
                                refJson("release", "2222222222222222222222222222222222222222")))
                        .withHeader("x-ms-continuationtoken", "page-3")));
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").withQueryParam("filter", equalTo("heads/"))
                .withQueryParam("continuationToken", equalTo("page-3"))
                .willReturn(okJson("{\"count\":1,\"value\":[%s]}".formatted(
                        refJson("hotfix", "3333333333333333333333333333333333333333")))));

        var branches = connect(type).listBranches(REPO_ID);

        assertThat(branches).extracting(HostBranch::name).containsExactly("main", "feature/ABC-1", "release", "hotfix");
        assertThat(branches.get(1)).isEqualTo(new HostBranch("feature/ABC-1", "1111111111111111111111111111111111111111",
                webUrl(type) + "?version=GBfeature%2FABC-1"));
    }

    @ForEachAzureType
    void createBranchCreatesTheRefAtTheTipOfTheSourceBranch(ProviderType type) {
        stubRepository(type);
        // The filter is a prefix: the host also lists "main-old", which must not be taken for "main".
        wm.stubFor(apiGet(type, REPO_PATH + "/refs").withQueryParam("filter", equalTo("heads/main"))
                .willReturn(okJson("{\"count\":2,\"value\":[%s,%s]}".formatted(
                        refJson("main-old", "9999999999999999999999999999999999999999"), refJson("main", SHA)))));
        wm.stubFor(apiPost(type, REPO_PATH + "/refs").willReturn(okJson("""
                {"count":1,"value":[{"name":"refs/heads/ABC-1-fix-login","oldObjectId":"0000000000000000000000000000000000000000",
                  "newObjectId":"%s","success":true,"updateStatus":"succeeded","isLocked":false}]}""".formatted(SHA))));

        HostBranch branch = connect(type).createBranch(REPO_ID, "ABC-1-fix-login", "main");

        assertThat(branch).isEqualTo(new HostBranch("ABC-1-fix-login", SHA, webUrl(type) + "?version=GBABC-1-fix-login"));
        wm.verify(postRequestedFor(urlPathEqualTo(root(type) + REPO_PATH + "/refs"))
                .withQueryParam("api-version", equalTo(apiVersion(type)))
                .withHeader("Authorization", equalTo(ALICE_AUTH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        [{"name":"refs/heads/ABC-1-fix-login",
                          "oldObjectId":"0000000000000000000000000000000000000000","newObjectId":"%s"}]""".formatted(SHA))));
    }

    @ForEachAzureType
    void createPullRequestOpensAnActivePullRequestBetweenTheBranches(ProviderType type) {
        stubRepository(type);
        wm.stubFor(apiPost(type, REPO_PATH + "/pullrequests").willReturn(okJson("""
                {"pullRequestId":42,"status":"active","title":"ABC-1 Fix login",
                 "sourceRefName":"refs/heads/ABC-1-fix-login","targetRefName":"refs/heads/main",
                 "repository":{"id":"r1","name":"Web App"}}""")));

        HostPullRequest pr = connect(type).createPullRequest(REPO_ID,
                new PullRequestDraft("ABC-1-fix-login", "main", "ABC-1 Fix login", "Fixes ABC-1"));

        assertThat(pr).isEqualTo(new HostPullRequest("42", "ABC-1 Fix login", "OPEN",
                webUrl(type) + "/pullrequest/42", "ABC-1-fix-login", "main"));
        wm.verify(postRequestedFor(urlPathEqualTo(root(type) + REPO_PATH + "/pullrequests"))
                .withQueryParam("api-version", equalTo(apiVersion(type)))
                .withHeader("Authorization", equalTo(ALICE_AUTH))
                .withRequestBody(equalToJson("""
                        {"sourceRefName":"refs/heads/ABC-1-fix-login","targetRefName":"refs/heads/main",
                         "title":"ABC-1 Fix login","description":"Fixes ABC-1"}""")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"active, OPEN", "completed, MERGED", "abandoned, CLOSED"})
    void createPullRequestReportsTheHostsStatusAsOurState(String status, String state) {
        ProviderType type = ProviderType.AZURE_DEVOPS;
        stubRepository(type);
        wm.stubFor(apiPost(type, REPO_PATH + "/pullrequests").willReturn(okJson("""
                {"pullRequestId":7,"status":"%s","title":"t",
                 "sourceRefName":"refs/heads/a","targetRefName":"refs/heads/b"}""".formatted(status))));

        HostPullRequest pr = connect(type).createPullRequest(REPO_ID, new PullRequestDraft("a", "b", "t", null));

        assertThat(pr.state()).isEqualTo(state);
    }
}
