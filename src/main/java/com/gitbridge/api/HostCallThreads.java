package com.gitbridge.api;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The threads on which API calls that wait for a git host run: controllers return a {@code Callable} for those.
 * <p>
 * Creating a branch waits for the host two or three times; held on Tomcat's request threads, a slow host would take
 * the threads that serve the issue panel. Apart, it only fills this pool. Bounded: when its queue is full, a call is
 * refused with 503.
 */
@Configuration
class HostCallThreads implements WebMvcConfigurer {

    /** Not a bean, which would displace Spring Boot's own task executor: started and stopped here instead. */
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    HostCallThreads(@Value("${gitbridge.host-calls.threads:64}") int threads,
                    @Value("${gitbridge.host-calls.queue:1000}") int queue) {
        executor.setThreadNamePrefix("host-call-");
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(queue);
        executor.setAllowCoreThreadTimeOut(true);
        // On shutdown, branches and pull requests under way are finished (and audited) rather than cut off.
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(30);
        executor.setTaskDecorator(HostCallThreads::withLoggingContext);
        executor.initialize();
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setTaskExecutor(executor);
        // Each host call has its own deadline (gitbridge.provider.read-timeout); this only bounds a stuck request.
        configurer.setDefaultTimeout(Duration.ofMinutes(5).toMillis());
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }

    /** The request's logging context (site and user) goes with the call to its host-call thread. */
    private static Runnable withLoggingContext(Runnable call) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                call.run();
            } finally {
                MDC.clear();
            }
        };
    }
}
