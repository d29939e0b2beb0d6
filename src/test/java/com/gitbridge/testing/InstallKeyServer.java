package com.gitbridge.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Atlassian's install-keys server: serves the PEM public key of one RSA key pair at {@code /{keyId}}
 * on a free loopback port, and signs install callbacks with the private key. One per test JVM.
 */
public final class InstallKeyServer {

    public static final String KEY_ID = "test-install-key";
    private static InstallKeyServer instance;

    private final KeyPair keyPair;
    private final HttpServer server;

    private InstallKeyServer() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keyPair = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keyPair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/" + KEY_ID);
            byte[] body = (known ? pem : "not found").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static synchronized InstallKeyServer get() {
        if (instance == null) {
            try {
                instance = new InstallKeyServer();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public RSAPrivateKey privateKey() {
        return (RSAPrivateKey) keyPair.getPrivate();
    }
}
