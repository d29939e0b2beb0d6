package com.gitbridge.audit;

import java.time.Instant;
import java.util.List;

import com.gitbridge.api.ApiException;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.jira.JiraPermissions;
import com.gitbridge.jira.JiraUser;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit}: the site's create attempts, newest first, for Jira administrators. */
@RestController
class AuditController {

    private final AuditEntries entries;
    private final JiraPermissions permissions;
    private final HostConnections connections;

    AuditController(AuditEntries entries, JiraPermissions permissions, HostConnections connections) {
        this.entries = entries;
        this.permissions = permissions;
        this.connections = connections;
    }

    record AuditJson(String id, Instant at, String accountId, String integrationId, String repository, String action,
                     String target, String credentialKind, String hostLogin, String outcome, String detail) {
    }

    @GetMapping("/api/audit")
    List<AuditJson> list(JiraUser user, @RequestParam(required = false) String integrationId,
                         @RequestParam(defaultValue = "100") int limit) {
        if (!permissions.isAdministrator(user)) {
            throw ApiException.notAllowed("Only Jira administrators can read the audit trail");
        }
        if (integrationId != null && connections.find(user.tenantId(), integrationId).isEmpty()) {
            throw ApiException.notFound("Integration");
        }
        PageRequest page = PageRequest.of(0, Math.max(1, Math.min(limit, 500)));
        List<AuditEntry> found = integrationId == null
                ? entries.findByTenantIdOrderByCreatedAtDesc(user.tenantId(), page)
                : entries.findByTenantIdAndIntegrationIdOrderByCreatedAtDesc(user.tenantId(), integrationId, page);
        return found.stream().map(entry -> new AuditJson(entry.id(), entry.createdAt(), entry.accountId(),
                entry.integrationId(), entry.repository(), entry.action(), entry.target(), entry.credentialKind(),
                entry.hostLogin(), entry.outcome(), entry.detail())).toList();
    }
}
