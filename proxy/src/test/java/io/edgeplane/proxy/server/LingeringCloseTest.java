package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An answer that ends the connection while the client is still sending its body must reach the client:
 * the proxy stops sending, drops the rest, and closes only after (a close with unread bytes would be a
 * reset, and a reset can destroy the answer on its way).
 */
class LingeringCloseTest {

    private static final int BODY = 16 << 20;

    @Test
    void aRefusedBodyStillGetsIts413() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      limits: { max_body_size: 1MiB }
                      routes:
                        - respond: { status: 200, body: "ok" }
                """)) {
            String answer = sendWhileReading(proxy, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + BODY + "\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void anUpstreamThatAnswersBeforeTheBodyEndsIsHeardWhole() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    socket.setSoTimeout(10_000);
                    SocketReads.readHead(socket.getInputStream());
                    // As nginx's `return` does: answer at once, without reading the body.
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nearly\n".getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    byte[] sink = new byte[65536];
                    while (socket.getInputStream().read(sink) >= 0) {
                        // whatever the proxy still forwards
                    }
                } catch (IOException e) {
                    // closed by the proxy
                }
            });
            try (ProxyHarness proxy = new ProxyHarness("""
                    proxy:
                      listeners:
                        - { name: web, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                      upstreams:
                        app: { servers: [{ address: 127.0.0.1:%d }] }
                    """.formatted(upstream.getLocalPort()))) {
                String answer = sendWhileReading(proxy, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + BODY + "\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nearly\n");
            }
            server.get(10, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code head} and a body of {@link #BODY} bytes from another thread while reading the answer to its end. */
    private static String sendWhileReading(ProxyHarness proxy, String head) throws Exception {
        URI uri = URI.create(proxy.url(0));
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<Void> body = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < BODY; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the proxy stopped reading or closed: expected once it answered
                }
            });
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            InputStream in = socket.getInputStream();
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    read.write(buffer, 0, n);
                }
            } catch (SocketException e) {
                throw new AssertionError("connection reset after reading: " + read.toString(StandardCharsets.ISO_8859_1), e);
            }
            body.get(15, TimeUnit.SECONDS);
            return read.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
