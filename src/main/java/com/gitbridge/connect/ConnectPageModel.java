package com.gitbridge.connect;

import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives the app's pages the URL of Jira's {@code all.js} ({@code atlassianConnectAllJsUrl}, as the Connect library
 * names it), in place of the library's controller advice. That advice ran before every handler, JSON API included,
 * and signed a self-authentication token for each request: a JWT the app never uses and refuses (a tenth of an API
 * request's CPU). Here the URL is added only once a handler has chosen a view.
 */
final class ConnectPageModel implements HandlerInterceptor {

    static final String ALL_JS_URL = "atlassianConnectAllJsUrl";
    private static final String DEFAULT_ALL_JS_URL = "https://connect-cdn.atl-paas.net/all.js";
    private static final String DEFAULT_ALL_DEBUG_JS_URL = "https://connect-cdn.atl-paas.net/all-debug.js";

    private final String allJsUrl;

    ConnectPageModel(String configuredAllJsUrl, boolean debugAllJs) {
        this.allJsUrl = allJsUrl(configuredAllJsUrl, debugAllJs);
    }

    /** As the library reads {@code atlassian.connect.all-js-url} and {@code atlassian.connect.debug-all-js}. */
    static String allJsUrl(String configuredAllJsUrl, boolean debugAllJs) {
        return configuredAllJsUrl != null && !configuredAllJsUrl.isEmpty() ? configuredAllJsUrl
                : debugAllJs ? DEFAULT_ALL_DEBUG_JS_URL : DEFAULT_ALL_JS_URL;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView modelAndView) {
        if (modelAndView != null && !modelAndView.wasCleared()) {
            modelAndView.addObject(ALL_JS_URL, allJsUrl);
        }
    }

    /** Takes the library's advice out of the context before Spring MVC collects controller advice. */
    static final class LibraryAdviceRemoval implements BeanDefinitionRegistryPostProcessor {

        private static final String LIBRARY_ADVICE =
                "com.atlassian.connect.spring.internal.AtlassianConnectContextModelAttributeProvider";

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            Arrays.stream(registry.getBeanDefinitionNames())
                    .filter(name -> LIBRARY_ADVICE.equals(registry.getBeanDefinition(name).getBeanClassName()))
                    .forEach(registry::removeBeanDefinition);
        }
    }
}
