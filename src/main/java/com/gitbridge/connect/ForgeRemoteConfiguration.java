package com.gitbridge.connect;

import java.util.List;

import com.atlassian.connect.spring.AtlassianHostMappingRepository;
import com.atlassian.connect.spring.AtlassianHostRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Forge Remote calls to {@code /api}: the Connect library's Forge filter verifies the Forge invocation token
 * ({@code Authorization: Bearer}) with the keys at {@code atlassian.connect.forge-invocation-token-jwks-url} and
 * {@code app.id} as its audience; the app's filters on either side refuse what cannot be such a token and tie what is
 * one to its site and user. The library's classes are internal to it, so they are named, not imported.
 */
@Configuration
class ForgeRemoteConfiguration {

    private static final String API = "/api/*";
    private static final String LIBRARY_FILTER = "com.atlassian.connect.spring.internal.auth.frc.ForgeInvocationTokenAuthenticationFilter";
    private static final String LIBRARY_FILTER_REGISTRATION = "forgeInvocationTokenAuthenticationFilterRegistrationBean";

    /**
     * The library registers its Forge filter for every path; Forge Remote calls reach only {@code /api}, and anywhere
     * else a bearer token would only make the library fetch the JWKS.
     */
    @Bean
    static BeanPostProcessor forgeFilterOnApiOnly() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof FilterRegistrationBean<?> registration && registration.getFilter() != null
                        && registration.getFilter().getClass().getName().equals(LIBRARY_FILTER)) {
                    registration.setUrlPatterns(List.of(API));
                }
                return bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<ForgeTokenShapeFilter> forgeTokenShapeFilter(
            @Qualifier(LIBRARY_FILTER_REGISTRATION) FilterRegistrationBean<?> libraryForgeFilter,
            @Value("${app.id:}") String appId) {
        var registration = new FilterRegistrationBean<>(new ForgeTokenShapeFilter(appId));
        registration.setOrder(libraryForgeFilter.getOrder() - 1);
        registration.addUrlPatterns(API);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ForgeInvocationFilter> forgeInvocationFilter(
            @Qualifier(LIBRARY_FILTER_REGISTRATION) FilterRegistrationBean<?> libraryForgeFilter,
            AtlassianHostMappingRepository installations, AtlassianHostRepository hosts) {
        var registration = new FilterRegistrationBean<>(new ForgeInvocationFilter(installations, hosts));
        registration.setOrder(libraryForgeFilter.getOrder() + 1);
        registration.addUrlPatterns(API);
        return registration;
    }
}
