package com.gitbridge.testing.canary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reports every response of the app (API JSON, problem+json, HTML pages, scripts, error pages) whose headers or
 * body hold a canary. It looks at each part of the body before passing it on, and at the headers before the first
 * part, so that the report is made before the client can have the response (a test that reads the response and then
 * asks the watch finds it there). Responses stream as they would without it.
 */
public class CanaryResponseFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        WatchedResponse watched = new WatchedResponse(request, response);
        try {
            chain.doFilter(request, watched);
        } finally {
            watched.flushWriter();
            watched.checkHeaders();
        }
    }

    private static final class WatchedResponse extends HttpServletResponseWrapper {

        /** What a canary split between two parts of the body needs of the part before. */
        private static final int CARRIED = Canary.MARKER.length() - 1;

        private final HttpServletRequest request;
        private final Set<String> headersReported = new HashSet<>();
        private boolean bodyReported;
        private String bodyTail = "";
        private byte[] byteTail = new byte[0];
        private ServletOutputStream stream;
        private PrintWriter writer;

        WatchedResponse(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }

        void checkHeaders() {
            for (String name : getHeaderNames()) {
                if (!headersReported.contains(name) && getHeaders(name).stream().anyMatch(Canary::isIn)) {
                    headersReported.add(name);
                    CanaryWatch.report("HTTP response header " + name, where());
                }
            }
        }

        /** Before bytes of the body leave; the few bytes before them count too (UTF-8: up to 4 per character). */
        private void beforeSending(byte[] part, int off, int len) {
            byte[] seen = new byte[byteTail.length + len];
            System.arraycopy(byteTail, 0, seen, 0, byteTail.length);
            System.arraycopy(part, off, seen, byteTail.length, len);
            byteTail = Arrays.copyOfRange(seen, Math.max(0, seen.length - 4 * CARRIED), seen.length);
            beforeSending(new String(seen, StandardCharsets.UTF_8));
        }

        private void beforeSending(String partWithTail) {
            checkHeaders();
            if (!bodyReported && Canary.isIn(partWithTail)) {
                bodyReported = true;
                CanaryWatch.report("HTTP response body", where());
            }
        }

        private String where() {
            return request.getMethod() + " " + request.getRequestURI() + " -> " + getStatus();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream target = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        beforeSending(new byte[] {(byte) b}, 0, 1);
                        target.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        beforeSending(b, off, len);
                        target.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        target.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        target.close();
                    }

                    @Override
                    public boolean isReady() {
                        return target.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        target.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                Writer target = super.getWriter();
                writer = new PrintWriter(new Writer() {
                    @Override
                    public void write(char[] buffer, int off, int len) throws IOException {
                        String seen = bodyTail + new String(buffer, off, len);
                        bodyTail = seen.substring(Math.max(0, seen.length() - CARRIED));
                        beforeSending(seen);
                        target.write(buffer, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        target.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        target.close();
                    }
                });
            }
            return writer;
        }
    }
}
