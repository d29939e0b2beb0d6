package com.gitbridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The production profile starts only with Atlassian's and AWS's own endpoints, unless overrides are allowed. */
class ProductionEndpointsTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner().withUserConfiguration(ProductionEndpoints.class);

    @ParameterizedTest
    @ValueSource(strings = {"atlassian.connect.public-key-base-url", "gitbridge.aws.endpoint-override"})
    void productionRefusesToStartWithAnEndpointOverridden(String property) {
        app.withPropertyValues("spring.profiles.active=production", property + "=https://keys.attacker.example")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining(property)
                            .hasMessageContaining("gitbridge.allow-endpoint-overrides=true")
                            .hasMessageNotContaining("attacker.example");
                });
    }

    @Test
    void productionStartsWithOverridesWhenTheyAreAllowed() {
        app.withPropertyValues("spring.profiles.active=production", "gitbridge.allow-endpoint-overrides=true",
                        "atlassian.connect.public-key-base-url=https://keys.example", "gitbridge.aws.endpoint-override=https://aws.example")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void productionStartsWithAtlassiansAndAwssOwnEndpoints() {
        app.withPropertyValues("spring.profiles.active=production", "gitbridge.aws.endpoint-override=")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void otherProfilesTakeOverridesForTests() {
        app.withPropertyValues("gitbridge.aws.endpoint-override=http://127.0.0.1:9999")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
