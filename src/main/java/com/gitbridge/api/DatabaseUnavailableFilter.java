package com.gitbridge.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.logging.SecretRedactor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 {@code SERVICE_UNAVAILABLE} when the database is unavailable before any controller runs: the Connect
 * library's JWT filter reads the site from the database, and what it throws would otherwise become a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final ObjectMapper json;

    DatabaseUnavailableFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException failure) {
            if (!DatabaseFailures.isUnavailable(failure) || response.isCommitted()) {
                throw failure;
            }
            log.warn("Database unavailable for {} {}: {}", request.getMethod(),
                    SecretRedactor.redact(request.getRequestURI()), failure.getMessage());
            response.reset();
            ApiProblems.write(response, json, ApiProblems.databaseUnavailable());
        }
    }
}
