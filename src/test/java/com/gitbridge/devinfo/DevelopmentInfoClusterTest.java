package com.gitbridge.devinfo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.atlassian.connect.spring.AtlassianHostRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.AppTestBase.TestTenant;
import com.gitbridge.testing.DevinfoStub;
import com.gitbridge.testing.JiraStub;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.TestHosts;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.Test;

/**
 * Two app instances on one PostgreSQL record changes for the same sites, each starting the sites' push jobs on its
 * own scheduler, while Jira takes a moment to answer, so that changes land while earlier ones are on the way. Every
 * entity's latest state reaches Jira, and no change is sent twice: no two accepted requests carry the same entity
 * with the same {@code updateSequenceId}, and no entity is sent more often than it changed.
 */
class DevelopmentInfoClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SITES = 4;
    private static final int COMMITS = 40;
    private static final int ROUNDS = 6;
    /** How many of each site's commits change again after the first round, half through each instance. */
    private static final int CHANGING = 16;
    private static final String BRANCH = "abc-1-fix-login";

    private record Site(String sitePath, DevinfoStub jira, TestTenant tenant, String integrationId, String repositoryPk,
                        List<String> shas) {
        String repositoryId() {
            return JiraIds.repository(integrationId, "acme/web");
        }
    }

    @Test
    void twoInstancesDeliverEveryChangeOnceAndTheLatestStateOfEachEntity() throws InterruptedException {
        String database = PostgresServer.get().createDatabase("cluster_" + UUID.randomUUID().toString().replace("-", ""));
        try (AppInstance a = AppInstance.start(database); AppInstance b = AppInstance.start(database)) {
            List<Site> sites = new ArrayList<>();
            for (int i = 0; i < SITES; i++) {
                sites.add(site(a));
            }
            // site path and entity id → changes recorded, and the message the last one left
            Map<String, Integer> changes = new ConcurrentHashMap<>();
            Map<String, String> latestMessage = new ConcurrentHashMap<>();

            // First every commit and the branch, sites 0 and 1 through instance a, 2 and 3 through b.
            for (int i = 0; i < SITES; i++) {
                Site site = sites.get(i);
                (i < 2 ? a : b).record(outbox -> {
                    outbox.commitsChanged(site.tenant().clientKey(), site.repositoryPk(), site.shas());
                    outbox.branchesChanged(site.tenant().clientKey(), site.repositoryPk(), List.of(BRANCH));
                });
                site.shas().forEach(sha -> changes.merge(site.sitePath() + " " + sha, 1, Integer::sum));
                changes.merge(site.sitePath() + " " + BRANCH, 1, Integer::sum);
            }
            // Then both instances at once, each changing its own half of the first commits in rounds, each change
            // and its record in one transaction as indexing does, while the earlier rounds are on the way to Jira.
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (AppInstance instance : List.of(a, b)) {
                int parity = instance == a ? 0 : 1;
                Thread writer = new Thread(() -> {
                    for (int round = 1; round <= ROUNDS; round++) {
                        List<Integer> acceptedBefore = sites.stream().map(site -> site.jira().pushes().size()).toList();
                        for (Site site : sites) {
                            List<String> shas = new ArrayList<>();
                            for (int c = parity; c < CHANGING; c += 2) {
                                shas.add(site.shas().get(c));
                            }
                            String text = " round " + round + " by " + (instance == a ? "a" : "b");
                            instance.record(outbox -> {
                                for (String sha : shas) {
                                    instance.jdbc().update("update indexed_commit set message = ? "
                                            + "where repository_pk = ? and sha = ?", "ABC-1 " + sha + text,
                                            site.repositoryPk(), sha);
                                }
                                outbox.commitsChanged(site.tenant().clientKey(), site.repositoryPk(), shas);
                            });
                            for (String sha : shas) {
                                latestMessage.put(site.sitePath() + " " + sha, "ABC-1 " + sha + text);
                                changes.merge(site.sitePath() + " " + sha, 1, Integer::sum);
                            }
                        }
                        // The next round once Jira took a request since this one began, so rounds meet sends.
                        await().atMost(Duration.ofSeconds(30)).until(() -> {
                            for (int i = 0; i < sites.size(); i++) {
                                if (sites.get(i).jira().pushes().size() <= acceptedBefore.get(i)) {
                                    return false;
                                }
                            }
                            return true;
                        });
                    }
                });
                writer.setUncaughtExceptionHandler((thread, failure) -> failures.add(failure));
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join(Duration.ofSeconds(60).toMillis());
                assertThat(writer.isAlive()).isFalse();
            }
            assertThat(failures).isEmpty();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (Site site : sites) {
                    Map<String, JsonNode> held = site.jira().held(site.repositoryId(), "commits");
                    assertThat(held).containsOnlyKeys(site.shas());
                    latestMessage.forEach((entity, message) -> {
                        if (entity.startsWith(site.sitePath() + " ")) {
                            assertThat(held.get(entity.substring(site.sitePath().length() + 1)).path("message").asText())
                                    .isEqualTo(message);
                        }
                    });
                    assertThat(site.jira().held(site.repositoryId(), "branches")).containsOnlyKeys(BRANCH);
                }
                assertThat(a.jdbc().queryForObject("select count(*) from devinfo_outbox", Integer.class)).isZero();
            });

            for (Site site : sites) {
                assertThat(site.jira().violations()).isEmpty();
                Map<String, Integer> sendsOfSequence = new HashMap<>();
                Map<String, Integer> sendsOfEntity = new HashMap<>();
                for (JsonNode bulk : acceptedBulks(site.sitePath())) {
                    for (JsonNode repository : bulk.path("repositories")) {
                        for (String kind : List.of("commits", "branches", "pullRequests")) {
                            for (JsonNode entity : repository.path(kind)) {
                                String id = entity.path("id").asText();
                                sendsOfSequence.merge(id + " " + entity.path("updateSequenceId").asLong(), 1, Integer::sum);
                                sendsOfEntity.merge(site.sitePath() + " " + id, 1, Integer::sum);
                            }
                        }
                    }
                }
                assertThat(acceptedBulks(site.sitePath())).as("requests that met the rounds").hasSizeGreaterThanOrEqualTo(ROUNDS);
                assertThat(sendsOfSequence).as("entity and updateSequenceId sent more than once")
                        .allSatisfy((entity, sends) -> assertThat(sends).as(entity).isEqualTo(1));
                assertThat(sendsOfEntity.keySet()).as("every entity sent")
                        .containsExactlyInAnyOrderElementsOf(changes.keySet().stream()
                                .filter(entity -> entity.startsWith(site.sitePath() + " ")).toList());
                sendsOfEntity.forEach((entity, sends) ->
                        assertThat(sends).as("sends of " + entity).isLessThanOrEqualTo(changes.get(entity)));
            }
        }
    }

    /** A site whose Jira takes 150 ms to answer, with one repository of indexed commits and a branch. */
    private static Site site(AppInstance app) {
        String sitePath = "/jira-" + UUID.randomUUID();
        DevinfoStub jira = new DevinfoStub(sitePath);
        TestHosts.server().stubFor(any(urlPathMatching(sitePath + "/rest/devinfo/0\\.10/.*")).atPriority(5)
                .willReturn(aResponse().withFixedDelay(150).withTransformers("devinfo-stub")
                        .withTransformerParameter("site", sitePath)));
        TestTenant tenant = AppTestBase.installTenant(app.bean(AtlassianHostRepository.class), new JiraStub(sitePath));
        jira.sharedSecret(tenant.sharedSecret());
        IndexedRows indexed = new IndexedRows(app.jdbc());
        String integrationId = UUID.randomUUID().toString();
        String repositoryPk = indexed.repository(tenant.clientKey(), integrationId, "acme/web");
        List<String> shas = indexed.commits(tenant.clientKey(), repositoryPk, COMMITS);
        indexed.branch(tenant.clientKey(), repositoryPk, BRANCH, shas.get(0), "ABC-1");
        return new Site(sitePath, jira, tenant, integrationId, repositoryPk, shas);
    }

    private static List<JsonNode> acceptedBulks(String sitePath) {
        List<JsonNode> bulks = new ArrayList<>();
        for (ServeEvent event : TestHosts.server().getAllServeEvents()) {
            if (event.getRequest().getUrl().equals(sitePath + "/rest/devinfo/0.10/bulk")
                    && event.getResponse().getStatus() == 202) {
                try {
                    bulks.add(JSON.readTree(event.getRequest().getBodyAsString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return bulks;
    }
}
