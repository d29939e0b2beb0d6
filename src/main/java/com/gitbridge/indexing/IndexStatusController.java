package com.gitbridge.indexing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.gitbridge.api.ApiException;
import com.gitbridge.devinfo.DevelopmentInfoStatus;
import com.gitbridge.devinfo.DevelopmentInfoStatus.JiraSync;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.jira.JiraPermissions;
import com.gitbridge.jira.JiraUser;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/integrations/{id}/index-status} and {@code /reindex}: for Jira administrators. */
@RestController
@RequestMapping("/api/integrations/{integrationId}")
class IndexStatusController {

    private final IndexedRepositories repositories;
    private final HostConnections connections;
    private final JiraPermissions permissions;
    private final IndexingQueue queue;
    private final DevelopmentInfoStatus jira;

    IndexStatusController(IndexedRepositories repositories, HostConnections connections, JiraPermissions permissions,
                          IndexingQueue queue, DevelopmentInfoStatus jira) {
        this.repositories = repositories;
        this.connections = connections;
        this.permissions = permissions;
        this.queue = queue;
        this.jira = jira;
    }

    /** @param jira what Jira's development information holds of the repository */
    record IndexStatusJson(String repository, IndexState state, long commitsIndexed, Instant lastIndexedAt, String error,
                           JiraSync jira) {
    }

    @GetMapping("/index-status")
    List<IndexStatusJson> status(JiraUser user, @PathVariable String integrationId) {
        requireAdministratorsIntegration(user, integrationId);
        List<IndexedRepository> rows =
                repositories.findByTenantIdAndIntegrationIdOrderByRepositoryAsc(user.tenantId(), integrationId);
        Map<String, JiraSync> synced = jira.of(user.tenantId(), rows.stream().map(IndexedRepository::id).toList());
        return rows.stream()
                .map(row -> new IndexStatusJson(row.repository(), row.state(), row.commitsIndexed(), row.lastIndexedAt(),
                        row.error(), synced.get(row.id())))
                .toList();
    }

    @PostMapping("/reindex")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void reindex(JiraUser user, @PathVariable String integrationId) {
        requireAdministratorsIntegration(user, integrationId);
        queue.discover(integrationId);
    }

    private void requireAdministratorsIntegration(JiraUser user, String integrationId) {
        if (!permissions.isAdministrator(user)) {
            throw ApiException.notAllowed("Only Jira administrators can manage integrations");
        }
        connections.find(user.tenantId(), integrationId).orElseThrow(() -> ApiException.notFound("Integration"));
    }
}
