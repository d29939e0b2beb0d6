package com.gitbridge.testing.canary;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Puts {@link CanaryResponseFilter} in front of everything in every web context the tests start; benchmarks, which
 * measure the app's own cost, leave it out with {@code gitbridge.testing.canary-watch=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "gitbridge.testing.canary-watch", havingValue = "true", matchIfMissing = true)
public class CanaryWatchConfiguration {

    @Bean
    FilterRegistrationBean<CanaryResponseFilter> canaryResponseFilter() {
        FilterRegistrationBean<CanaryResponseFilter> registration = new FilterRegistrationBean<>(new CanaryResponseFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        return registration;
    }
}
