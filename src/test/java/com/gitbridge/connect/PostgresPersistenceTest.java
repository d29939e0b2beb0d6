package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import javax.sql.DataSource;

import com.atlassian.connect.spring.AtlassianHost;
import com.atlassian.connect.spring.AtlassianHostMapping;
import com.atlassian.connect.spring.AtlassianHostMappingRepository;
import com.gitbridge.testing.AppTestBase;
import com.gitbridge.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same app on a real PostgreSQL: Flyway migrates, Hibernate validates, the tenant store works. */
class PostgresPersistenceTest extends AppTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFreshDatabase(registry);
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    AtlassianHostMappingRepository mappings;

    @Test
    void runsOnPostgresql() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void storesFindsAndUpdatesHostsWithEncryptedSecret() {
        var tenant = tenant();
        AtlassianHost host = hosts.findById(tenant.clientKey()).orElseThrow();
        assertThat(host.getSharedSecret()).isEqualTo(tenant.sharedSecret());
        assertThat(host.getCreatedDate()).isNotNull();
        assertThat(hosts.findFirstByBaseUrlOrderByLastModifiedDateDesc(tenant.baseUrl())).contains(host);

        host.setAddonInstalled(false);
        hosts.save(host);
        assertThat(hosts.findById(tenant.clientKey()).orElseThrow().isAddonInstalled()).isFalse();

        String raw = new JdbcTemplate(dataSource).queryForObject(
                "select shared_secret from atlassian_host where client_key = ?", String.class, tenant.clientKey());
        assertThat(raw).doesNotContain(tenant.sharedSecret());
    }

    @Test
    void storesAndDeletesInstallationMappings() {
        var tenant = tenant();
        AtlassianHostMapping mapping = new AtlassianHostMapping();
        mapping.setInstallationId("ari:cloud:ecosystem::installation/" + UUID.randomUUID());
        mapping.setClientKey(tenant.clientKey());
        mappings.save(mapping);

        assertThat(mappings.findById(mapping.getInstallationId())).isPresent();
        assertThat(mappings.deleteByClientKey(tenant.clientKey())).isEqualTo(1);
        assertThat(mappings.findById(mapping.getInstallationId())).isEmpty();
    }

    @Test
    void pagesAuthenticateAgainstHostsStoredInPostgresql() {
        var tenant = tenant();
        assertThat(http.get("/pages/admin", tenant.pageJwt("acc-1", "GET", "/pages/admin")).statusCode()).isEqualTo(200);
    }
}
