package com.gitbridge.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive across requests, as a browser holds one, for load generators that share the
 * machine with the app they measure: a blocking socket and a few lines of parsing cost a fraction of the CPU of a
 * general client, so more of the cores serve the app. It opens a new connection when the server closes one.
 */
public final class KeepAliveConnection implements AutoCloseable {

    public record Response(int status, String body) {
    }

    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public KeepAliveConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code GET path} with the given header lines ({@code "Name: value"}) and reads the whole answer. */
    public Response get(String path, String... headerLines) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            open();
        }
        try {
            return exchange("GET", path, null, headerLines);
        } catch (EOFException | SocketException closedWhileIdle) {
            if (!reused) {
                throw closedWhileIdle;
            }
            // The server closed the kept-alive connection while it was idle; safe to send again: a GET changes nothing.
            close();
            open();
            return exchange("GET", path, null, headerLines);
        }
    }

    /** Sends {@code POST path} with a JSON body, once: a connection closed under it is the caller's failure. */
    public Response postJson(String path, String json, String... headerLines) throws IOException {
        if (socket == null) {
            open();
        }
        return exchange("POST", path, json.getBytes(StandardCharsets.UTF_8), headerLines);
    }

    private Response exchange(String method, String path, byte[] jsonBody, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        for (String header : headerLines) {
            request.append(header).append("\r\n");
        }
        if (jsonBody != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(jsonBody.length).append("\r\n");
        }
        try {
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (jsonBody != null) {
                out.write(jsonBody);
            }
            out.flush();
            return response();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Response response() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body = chunked ? chunkedBody() : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (close || (!chunked && length < 0)) {
            close();
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private void open() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int extension = size.indexOf(';');
            int length = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (length == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("The server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
