package com.gitbridge.testing.canary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

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
 * body hold a canary. It copies what is written as it passes, so responses stream as they would without it.
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
        CopyingResponse copying = new CopyingResponse(response);
        try {
            chain.doFilter(request, copying);
        } finally {
            copying.flushWriter();
            String where = request.getMethod() + " " + request.getRequestURI() + " -> " + response.getStatus();
            if (Canary.isIn(copying.body())) {
                CanaryWatch.report("HTTP response body", where);
            }
            for (String name : response.getHeaderNames()) {
                if (response.getHeaders(name).stream().anyMatch(Canary::isIn)) {
                    CanaryWatch.report("HTTP response header " + name, where);
                }
            }
        }
    }

    private static final class CopyingResponse extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final StringBuilder chars = new StringBuilder();
        private ServletOutputStream stream;
        private PrintWriter writer;

        CopyingResponse(HttpServletResponse response) {
            super(response);
        }

        String body() {
            return bytes.toString(StandardCharsets.UTF_8) + chars;
        }

        void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream target = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        bytes.write(b);
                        target.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        bytes.write(b, off, len);
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
                        chars.append(buffer, off, len);
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
