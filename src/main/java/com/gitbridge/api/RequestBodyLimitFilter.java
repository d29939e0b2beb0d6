package com.gitbridge.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.logging.SecretRedactor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 {@code PAYLOAD_TOO_LARGE} for a request body over its limit before anything parses it: at once when
 * its {@code Content-Length} says so, and, for a chunked body, as soon as reading it passes the limit. Runs before
 * authentication, so an anonymous client cannot make the app read a large body either.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    static final int API_LIMIT = 1024 * 1024;
    /**
     * A push event lists its commits and their changed files, so one push of many commits passes 1 MB (GitHub sends
     * up to 25 MB). The webhook reads only the repository's name, and a push it refuses is still indexed by the next
     * poll (gitbridge.indexing.poll-interval); holding a 25 MB body per request thread is not worth that.
     */
    static final int WEBHOOK_LIMIT = 5 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

    private final ObjectMapper json;

    RequestBodyLimitFilter(ObjectMapper json) {
        this.json = json;
    }

    private static long limit(HttpServletRequest request) {
        // Decoded and normalised, as Spring MVC matches it: /%61pi/ is /api/.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.startsWith("/api/")) {
            return API_LIMIT;
        }
        return path.startsWith("/webhooks/") ? WEBHOOK_LIMIT : -1;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limit(request) < 0;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limit(request);
        if (request.getContentLengthLong() > limit) {
            log.info("Refused a body of {} bytes for {} {}: the limit is {}", request.getContentLengthLong(),
                    request.getMethod(), SecretRedactor.redact(request.getRequestURI()), limit);
            ApiProblems.write(response, json, ApiProblems.payloadTooLarge());
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, limit), response);
    }

    /** The request with a body that throws {@link RequestBodyTooLargeException} once more than the limit is read. */
    private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;

        LimitedBodyRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new LimitedInputStream(super.getInputStream(), limit);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private int counted(int bytes) throws RequestBodyTooLargeException {
            if (bytes > 0) {
                read += bytes;
                if (read > limit) {
                    throw new RequestBodyTooLargeException(limit);
                }
            }
            return bytes;
        }

        @Override
        public int read() throws IOException {
            int next = in.read();
            if (next >= 0) {
                counted(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return counted(in.read(buffer, offset, length));
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
