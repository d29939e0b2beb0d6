package com.gitbridge.devinfo;

import java.util.ArrayList;
import java.util.List;

import com.gitbridge.GitBridgeApplication;
import com.gitbridge.testing.InstallKeyServer;
import com.gitbridge.testing.PostgresServer;
import com.gitbridge.testing.TestHosts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One instance of the whole app, started by a test as production starts it (test profile, random port, the local
 * install-keys server and test hosts) on a PostgreSQL database that other instances, or a later one, share; with
 * the real scheduler, the index poll and the push sweep an hour away.
 */
final class AppInstance implements AutoCloseable {

    private final ConfigurableApplicationContext app;

    private AppInstance(ConfigurableApplicationContext app) {
        this.app = app;
    }

    static AppInstance start(String jdbcUrl, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of("server.port=0",
                "atlassian.connect.public-key-base-url=" + InstallKeyServer.get().baseUrl(),
                "gitbridge.aws.endpoint-override=" + TestHosts.baseUrl(),
                "spring.datasource.url=" + jdbcUrl,
                "spring.datasource.username=" + PostgresServer.get().username(),
                "spring.datasource.password=",
                "db-scheduler.enabled=true", "db-scheduler.polling-interval=300ms",
                "gitbridge.indexing.poll-interval=1h", "gitbridge.jira.development-info.sweep-interval=1h",
                "gitbridge.jira.development-info.first-backoff=300ms"));
        properties.addAll(List.of(extraProperties));
        // As command-line arguments, which come before the test profile's properties (default properties come after).
        return new AppInstance(new SpringApplicationBuilder(GitBridgeApplication.class).profiles("test")
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    JdbcTemplate jdbc() {
        return bean(JdbcTemplate.class);
    }

    /** Records changes as indexing does: in a transaction of this instance. */
    void record(java.util.function.Consumer<DevelopmentInfoOutbox> changes) {
        DevelopmentInfoOutbox outbox = bean(DevelopmentInfoOutbox.class);
        bean(TransactionTemplate.class).executeWithoutResult(status -> changes.accept(outbox));
    }

    @Override
    public void close() {
        app.close();
    }
}
