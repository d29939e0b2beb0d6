package com.gitbridge.provider;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.util.TemporaryBuffer;

/**
 * One request of a git fetch, made the way JGit drives an {@code HttpURLConnection} (headers, then an optional
 * body, then the answer), over Apache HttpClient so that the connection goes to a checked address. The request
 * body is buffered and sent when the answer is first asked for. Only a successful answer streams; any other is
 * read (its start) and its connection given back at once, as JGit leaves those unread.
 */
final class GitHttpConnection implements HttpConnection {

    private static final int ERROR_BODY_BYTES = 64 * 1024;
    /** Headers the client writes itself from the request and its body. */
    private static final Set<String> CLIENT_HEADERS = Set.of("content-length", "host", "connection", "transfer-encoding");

    private final CloseableHttpClient client;
    private final RequestConfig defaults;
    private final URL url;
    private final boolean advertisement;
    private final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private String method = "GET";
    private int readTimeoutMillis;
    private TemporaryBuffer body;
    private int status;
    private String reason;
    private Map<String, List<String>> responseHeaders;
    private InputStream content;
    private IOException failure;

    /** @param advertisement whether this asks for the refs, whose answer must be in the smart protocol */
    GitHttpConnection(CloseableHttpClient client, RequestConfig defaults, URL url, boolean advertisement) {
        this.client = client;
        this.defaults = defaults;
        this.url = url;
        this.advertisement = advertisement;
    }

    private void execute() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (responseHeaders != null) {
            return;
        }
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri());
        requestHeaders.forEach((name, value) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, value);
            }
        });
        RequestConfig.Builder config = RequestConfig.copy(defaults);
        if (readTimeoutMillis > 0) {
            config.setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMillis));
        }
        request.setConfig(config.build());
        try {
            if (body != null) {
                body.close();
                request.setEntity(new InputStreamEntity(body.openInputStream(), body.length(), null));
            }
            ClassicHttpResponse response = client.executeOpen(null, request, null);
            status = response.getCode();
            reason = response.getReasonPhrase();
            responseHeaders = headers(response.getHeaders());
            content = body(response);
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            if (body != null) {
                body.destroy();
            }
        }
    }

    private static InputStream body(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            response.close();
            return InputStream.nullInputStream();
        }
        if (response.getCode() == 200) {
            return new FilterInputStream(entity.getContent()) {
                @Override
                public void close() throws IOException {
                    response.close();
                }
            };
        }
        try (response; InputStream start = entity.getContent()) {
            return new ByteArrayInputStream(start.readNBytes(ERROR_BODY_BYTES));
        }
    }

    private URI uri() throws IOException {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("Not a valid URL for git", e);
        }
    }

    private static Map<String, List<String>> headers(Header[] headers) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : headers) {
            byName.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        return byName;
    }

    /** The answer's headers; none if there is no answer (as {@code HttpURLConnection} has it). */
    private Map<String, List<String>> answered() {
        try {
            execute();
            return responseHeaders;
        } catch (IOException noAnswer) {
            return Map.of();
        }
    }

    @Override
    public int getResponseCode() throws IOException {
        execute();
        return status;
    }

    @Override
    public String getResponseMessage() throws IOException {
        execute();
        return reason;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        execute();
        if (advertisement && status == 200 && !GitHttp.SMART_ADVERTISEMENT.equals(getContentType())) {
            // JGit would read the refs and go on in the dumb protocol.
            content.close();
            throw new GitHttp.DumbHttpRefusedException();
        }
        return content;
    }

    @Override
    public OutputStream getOutputStream() {
        if (body == null) {
            body = new TemporaryBuffer.LocalFile(null);
        }
        return body;
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return Collections.unmodifiableMap(answered());
    }

    @Override
    public String getHeaderField(String name) {
        List<String> values = answered().get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    @Override
    public List<String> getHeaderFields(String name) {
        return List.copyOf(answered().getOrDefault(name, List.of()));
    }

    @Override
    public String getContentType() {
        return getHeaderField("Content-Type");
    }

    @Override
    public int getContentLength() {
        String length = getHeaderField("Content-Length");
        try {
            return length == null ? -1 : Integer.parseInt(length.strip());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    @Override
    public URL getURL() {
        return url;
    }

    @Override
    public void setRequestProperty(String key, String value) {
        requestHeaders.put(key, value);
    }

    @Override
    public void setRequestMethod(String method) {
        this.method = method;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public void setReadTimeout(int timeout) {
        this.readTimeoutMillis = timeout;
    }

    /** The client's connect timeout holds for every fetch. */
    @Override
    public void setConnectTimeout(int timeout) {
    }

    @Override
    public void setUseCaches(boolean usecaches) {
    }

    /** The client never follows redirects; JGit decides (and is told not to). */
    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
    }

    @Override
    public void setDoOutput(boolean dooutput) {
    }

    /** The body is buffered whole and sent with its length, however JGit means to stream it. */
    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
    }

    @Override
    public void setChunkedStreamingMode(int chunklen) {
    }

    @Override
    public boolean usingProxy() {
        return false;
    }

    /** The request goes out when its answer is first asked for, after the body is written. */
    @Override
    public void connect() {
    }

    /** JGit asks only to switch certificate checks off, which the app never does. */
    @Override
    public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
        throw new KeyManagementException("The app always verifies the host's certificate");
    }

    @Override
    public void setHostnameVerifier(HostnameVerifier hostnameverifier) throws KeyManagementException {
        throw new KeyManagementException("The app always verifies the host's certificate");
    }
}
