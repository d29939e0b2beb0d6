package com.gitbridge.connect;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.atlassian.connect.spring.AtlassianHostRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.web.client.RestTemplateBuilderConfigurer;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.jpa.repository.config.EnableJpaAuditing;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the app's rules around the Connect library: actuator is closed but for health, JWTs the library would let
 * through (or answer with 400) are refused with 401, and {@code /api/**} takes context JWTs, in the header only.
 */
@Configuration
@EnableJpaAuditing
class ConnectConfiguration implements WebMvcConfigurer {

    /** The library registers its JWT filter at this order; the guard must run right after it. */
    private static final int CONNECT_JWT_FILTER_ORDER = SecurityProperties.DEFAULT_FILTER_ORDER + 200;

    @Bean
    @Order(SecurityProperties.BASIC_AUTH_ORDER)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * The JSON API and the webhooks authenticate in the app's own filters (Connect JWTs, webhook secrets), so of
     * Spring Security they need only the response headers, which are the Connect library's. The library's chain
     * for everything else also runs basic authentication, logout, the saved-request cache and anonymous
     * authentication, none of which applies to these requests.
     */
    @Bean
    @Order(SecurityProperties.BASIC_AUTH_ORDER - 1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**", "/webhooks/**")
                .headers(headers -> headers
                        .frameOptions(frameOptions -> frameOptions.disable())
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(false)
                                .maxAgeInSeconds(Duration.ofDays(365).toSeconds()))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.ORIGIN_WHEN_CROSS_ORIGIN)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .build();
    }

    /**
     * The Connect library builds a new RestTemplate for every call it signs as the app for a site; from Spring Boot's
     * builder each would bring a new HTTP client, so every call to Jira would open a new connection. The templates
     * share one pooled client instead. Not the JDK's {@code HttpURLConnection}: it keeps at most five idle
     * connections per site ({@code http.maxConnections}), so under concurrent permission checks most calls paid a
     * new connection (in production a TLS handshake); nor the JDK HttpClient, which starts a thread per request body.
     */
    @Bean
    RestTemplateBuilder restTemplateBuilder(RestTemplateBuilderConfigurer configurer, JiraHttpClient jiraHttp) {
        ClientHttpRequestFactory shared = jiraHttp.requestFactory();
        return configurer.configure(new RestTemplateBuilder()).requestFactoryBuilder(settings -> shared);
    }

    @Bean
    FilterRegistrationBean<JwtGuardFilter> jwtGuardFilter() {
        var registration = new FilterRegistrationBean<>(new JwtGuardFilter());
        registration.setOrder(CONNECT_JWT_FILTER_ORDER + 1);
        return registration;
    }

    /** After the guard: the create-branch page's JWT has passed it before its {@code qsh} is checked there. */
    @Bean
    FilterRegistrationBean<CreateBranchPageFilter> createBranchPageFilter(AtlassianHostRepository hosts, Clock clock) {
        var registration = new FilterRegistrationBean<>(new CreateBranchPageFilter(new CreateBranchPageTokens(clock), hosts));
        registration.setOrder(CONNECT_JWT_FILTER_ORDER + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiJwtInQueryFilter> apiJwtInQueryFilter() {
        var registration = new FilterRegistrationBean<>(new ApiJwtInQueryFilter());
        registration.setOrder(CONNECT_JWT_FILTER_ORDER - 3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<JwtShapeFilter> jwtShapeFilter() {
        var registration = new FilterRegistrationBean<>(new JwtShapeFilter());
        registration.setOrder(CONNECT_JWT_FILTER_ORDER - 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<LifecycleIssuerFilter> lifecycleIssuerFilter() {
        var registration = new FilterRegistrationBean<>(new LifecycleIssuerFilter());
        registration.setOrder(CONNECT_JWT_FILTER_ORDER - 1);
        return registration;
    }

    private final ConnectPageModel pageModel;

    ConnectConfiguration(@Value("${atlassian.connect.all-js-url:}") String allJsUrl,
                         @Value("${atlassian.connect.debug-all-js:false}") boolean debugAllJs) {
        this.pageModel = new ConnectPageModel(allJsUrl, debugAllJs);
    }

    @Bean
    static ConnectPageModel.LibraryAdviceRemoval connectLibraryAdviceRemoval() {
        return new ConnectPageModel.LibraryAdviceRemoval();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ContextJwtInterceptor()).addPathPatterns("/api/**");
        registry.addInterceptor(pageModel).excludePathPatterns("/api/**");
        registry.addInterceptor(new CreateBranchPageModel()).addPathPatterns(ConnectDescriptor.CREATE_BRANCH_PAGE_PATH);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new JiraUserArgumentResolver());
    }
}
