package com.gitbridge.indexing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.api.ApiException;
import com.gitbridge.integration.HostConnections;
import com.gitbridge.integration.IntegrationInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/{integrationId}/{secret}}: a host's push event (GitHub, GitLab or Azure DevOps/TFS) queues
 * the pushed repository for indexing now. The secret in the path is the only authentication; a wrong one, or an
 * unknown integration, is a plain 404.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

    private final HostConnections connections;
    private final IndexedRepositories repositories;
    private final IndexingQueue queue;
    private final IndexRequests indexRequests;
    private final ObjectMapper json = new ObjectMapper();

    WebhookController(HostConnections connections, IndexedRepositories repositories, IndexingQueue queue,
                      IndexRequests indexRequests) {
        this.connections = connections;
        this.repositories = repositories;
        this.queue = queue;
        this.indexRequests = indexRequests;
    }

    @PostMapping("/webhooks/{integrationId}/{secret}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void push(@PathVariable String integrationId, @PathVariable String secret, HttpServletRequest request) throws IOException {
        IntegrationInfo integration = connections.findByWebhook(integrationId, secret)
                .orElseThrow(() -> ApiException.notFound("Webhook"));
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "VALIDATION", "The event is too large");
        }
        Optional<String> pushed = pushedRepository(body);
        Optional<IndexedRepository> known = pushed.flatMap(path -> repositories.findByIntegrationIdAndRepository(integrationId, path));
        if (known.isEmpty()) {
            // A repository we do not know yet (or an event we cannot read): look at what the account can see now.
            queue.discover(integrationId);
            log.info("Webhook of integration {}: discovering repositories", integrationId);
            return;
        }
        IndexedRepository repository = known.get();
        indexRequests.request(repository);
        log.info("Webhook of integration {}: {} queued for indexing", integration.id(), repository.repository());
    }

    /** The repository's full path from a GitHub, GitLab or Azure DevOps push event. */
    Optional<String> pushedRepository(byte[] body) {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (event == null) {
            return Optional.empty();
        }
        String github = event.path("repository").path("full_name").asText("");
        if (!github.isEmpty()) {
            return Optional.of(github);
        }
        String gitlab = event.path("project").path("path_with_namespace").asText("");
        if (!gitlab.isEmpty()) {
            return Optional.of(gitlab);
        }
        JsonNode azure = event.path("resource").path("repository");
        String name = azure.path("name").asText("");
        String project = azure.path("project").path("name").asText("");
        return name.isEmpty() || project.isEmpty() ? Optional.empty() : Optional.of(project + "/" + name);
    }
}
