package com.gitbridge.testing.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.testing.AppTestBase.TestTenant;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Jira in front of the app, for the browser tests: a page on its own origin ({@code http://127.0.0.1:{port}}, the app
 * being on another port) that frames one of the app's pages the way Jira does, with Connect's
 * query parameters and a JWT whose {@code qsh} is that exact URL's, and answers the calls of the stand-in
 * {@code all.js} (test resource {@code static/test/all.js}) from inside the frame: a fresh context JWT for the tenant
 * and user from {@code POST /sessions/{id}/token} on every {@code AP.context.getToken}, recorded navigation, resizing
 * and dialogs (see {@code standin-jira/jira.js}).
 */
public final class StandInJira implements AutoCloseable {

    public static final String ADDON_KEY = "git-bridge-for-jira";

    /** Where in Jira the module's iframe sits. */
    public enum Layout {
        /** An {@code adminPages} module: Jira settings' sidebar and a wide content column. */
        ADMIN,
        /** A {@code generalPages} module: the whole width under Jira's top bar. */
        GENERAL,
        /** A {@code jiraIssueGlances} module: the issue view's right column, 340 px wide. */
        ISSUE_GLANCE
    }

    /** The issue a glance is shown on. */
    public record Issue(String key, String summary, String id, String projectKey, String projectId) {
    }

    private record Session(String html, Supplier<String> contextToken) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int appPort;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public StandInJira(int appPort) {
        this.appPort = appPort;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "stand-in-jira");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The stand-in Jira's own origin; the app's pages post their AP calls to it. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String appOrigin() {
        return "http://127.0.0.1:" + appPort;
    }

    /**
     * Registers a Jira page that frames the app's {@code pagePath} (with its own query, if any) for {@code accountId}
     * of {@code tenant}, and returns its address. {@code issue} is given for {@link Layout#ISSUE_GLANCE} only.
     */
    public String page(Layout layout, String title, TestTenant tenant, String accountId, String pagePath, Issue issue) {
        String id = UUID.randomUUID().toString();
        // What Jira adds to every Connect iframe URL; all of it is covered by the qsh.
        String pathAndQuery = pagePath + (pagePath.contains("?") ? "&" : "?")
                + "xdm_e=" + encode(origin())
                + "&xdm_c=" + encode("channel-" + ADDON_KEY + "__" + id)
                + "&cp=&xdm_deprecated_addon_key_do_not_use=" + ADDON_KEY
                + "&lic=none&cv=1001.0.0-SNAPSHOT";
        String frameUrl = appOrigin() + pathAndQuery + "&jwt=" + tenant.pageJwt(accountId, "GET", pathAndQuery);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("layout", layout.name());
        config.put("title", title);
        config.put("frameUrl", frameUrl);
        config.put("tokenUrl", "/sessions/" + id + "/token");
        config.put("jiraBaseUrl", tenant.baseUrl());
        config.put("addonKey", ADDON_KEY);
        Map<String, Object> jira = new LinkedHashMap<>();
        if (issue != null) {
            config.put("issue", Map.of("key", issue.key(), "summary", issue.summary(), "projectKey", issue.projectKey()));
            jira.put("issue", Map.of("key", issue.key(), "id", issue.id()));
            jira.put("project", Map.of("key", issue.projectKey(), "id", issue.projectId()));
        }
        config.put("context", Map.of("jira", jira));
        String html = resource("jira.html")
                .replace("{{title}}", escapeHtml(title))
                .replace("{{config}}", json(config).replace("<", "\\u003c"));
        sessions.put(id, new Session(html, () -> tenant.contextJwt(accountId)));
        return origin() + "/sessions/" + id;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.startsWith("/static/") && path.matches("/static/jira\\.(css|js)")) {
                String name = path.substring("/static/".length());
                send(exchange, 200, name.endsWith(".css") ? "text/css" : "text/javascript", resource(name));
                return;
            }
            if (path.startsWith("/sessions/")) {
                String[] parts = path.substring("/sessions/".length()).split("/");
                Session session = sessions.get(parts[0]);
                if (session != null && parts.length == 1 && method.equals("GET")) {
                    send(exchange, 200, "text/html", session.html());
                    return;
                }
                if (session != null && parts.length == 2 && parts[1].equals("token") && method.equals("POST")) {
                    send(exchange, 200, "text/plain", session.contextToken().get());
                    return;
                }
            }
            send(exchange, 404, "text/plain", "not found");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String resource(String name) {
        try (InputStream in = StandInJira.class.getResourceAsStream("/standin-jira/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource standin-jira/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
