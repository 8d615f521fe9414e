package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code timeouts.idle}: how long an upstream may send nothing. A response that stops mid-body ends the
 * client's connection (the only way left to tell it the answer is cut short); a kept-alive connection
 * nobody uses is closed; a tunnel nobody talks on is closed.
 */
class UpstreamIdleTimeoutTest {

    private static final String CONFIG = """
            proxy:
              listeners:
                - { name: web, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
              upstreams:
                app:
                  servers: [{ address: 127.0.0.1:%d }]
                  timeouts: { idle: 400ms, response: 10s }
                  keepalive: { max_idle: 4, idle_timeout: 60s }
            """;

    @Test
    void aResponseThatGoesQuietMidBodyEndsTheClientConnection() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ProxyHarness proxy = new ProxyHarness(CONFIG.formatted(upstream.getLocalPort()))) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    SocketReads.readHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    // Then nothing, until the proxy gives up on this connection.
                    socket.setSoTimeout(10_000);
                    while (socket.getInputStream().read() >= 0) {
                        // drain
                    }
                } catch (IOException e) {
                    // closed by the proxy
                }
            });
            try (Socket client = connect(proxy)) {
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                long start = System.nanoTime();
                String received = SocketReads.readToClose(client.getInputStream());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(received).startsWith("HTTP/1.1 200").contains("hello").doesNotContain("0\r\n\r\n");
                assertThat(millis).isBetween(300L, 8_000L);
            }
            server.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKeptAliveConnectionNobodyUsesIsClosed() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ProxyHarness proxy = new ProxyHarness(CONFIG.formatted(upstream.getLocalPort()))) {
            CompletableFuture<Long> closedAfter = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    socket.setSoTimeout(10_000);
                    SocketReads.readHead(socket.getInputStream());
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    long answered = System.nanoTime();
                    assertThat(socket.getInputStream().read()).isEqualTo(-1);
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(proxy.get("/").body()).isEqualTo("ok");
            assertThat(closedAfter.get(10, TimeUnit.SECONDS)).isBetween(300L, 8_000L);
        }
    }

    @Test
    void aQuietTunnelIsClosed() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ProxyHarness proxy = new ProxyHarness(CONFIG.formatted(upstream.getLocalPort()))) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    socket.setSoTimeout(10_000);
                    SocketReads.readHead(socket.getInputStream());
                    socket.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    while (socket.getInputStream().read() >= 0) {
                        // silent
                    }
                } catch (IOException e) {
                    // closed by the proxy
                }
            });
            try (Socket client = connect(proxy)) {
                client.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                long start = System.nanoTime();
                String received = SocketReads.readToClose(client.getInputStream());
                assertThat(received).startsWith("HTTP/1.1 101");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 8_000L);
            }
            server.get(10, TimeUnit.SECONDS);
        }
    }

    private static Socket connect(ProxyHarness proxy) throws IOException {
        URI uri = URI.create(proxy.url(0));
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }
}
