package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A HEAD's answer has a head and never a body (RFC 9110 §9.3.2), whoever makes it: edgeplane itself, or
 * an upstream whose head announces a chunked body. A stray body (or a stray {@code 0} chunk) would be read
 * as the start of the next answer on the connection, so each test sends a GET right behind the HEAD and
 * checks the exact bytes of both answers.
 */
class HeadRequestsTest {

    @Test
    void headToALocalAnswerHasItsLengthButNoBody() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      routes:
                        - match: { path: /fixed }
                          respond: { status: 200, body: "hello\\n" }
                """)) {
            String both = exchange(port(proxy), "HEAD /fixed HTTP/1.1\r\nHost: a\r\n\r\nGET /fixed HTTP/1.1\r\nHost: a\r\n\r\n",
                    "hello\n");
            int second = both.indexOf("HTTP/1.1", 1);
            String headAnswer = both.substring(0, second);
            assertThat(headAnswer).startsWith("HTTP/1.1 200").contains("content-length: 6").endsWith("\r\n\r\n");
            assertThat(both.substring(second)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhello\n");
        }
    }

    @Test
    void headToAMissingRouteHasNoBodyEither() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      routes:
                        - match: { path: /fixed }
                          respond: { status: 200, body: "hello\\n" }
                """)) {
            String both = exchange(port(proxy), "HEAD /nothing HTTP/1.1\r\nHost: a\r\n\r\nGET /fixed HTTP/1.1\r\nHost: a\r\n\r\n",
                    "hello\n");
            int second = both.indexOf("HTTP/1.1", 1);
            assertThat(both.substring(0, second)).startsWith("HTTP/1.1 404").endsWith("\r\n\r\n");
            assertThat(both.substring(second)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhello\n");
        }
    }

    @Test
    void headProxiedToAnUpstreamThatAnnouncesAChunkedBodyGetsNoTerminatingChunk() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> serveHeadThenGet(upstream));
            try (ProxyHarness proxy = new ProxyHarness("""
                    proxy:
                      listeners:
                        - name: web
                          listen: [127.0.0.1:0]
                          routes:
                            - upstream: app
                      upstreams:
                        app:
                          servers: [{ address: 127.0.0.1:%d }]
                    """.formatted(upstream.getLocalPort()))) {
                String both = exchange(port(proxy), "HEAD /x HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n",
                        "0\r\n\r\n");
                int second = both.indexOf("HTTP/1.1", 1);
                String headAnswer = both.substring(0, second);
                // Netty's upstream decoder drops the framing header of a body that cannot come; either way, no chunk.
                assertThat(headAnswer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n").doesNotContain("\r\n\r\n0");
                assertThat(both.substring(second)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            } finally {
                server.interrupt();
            }
        }
    }

    /** One keep-alive connection: a HEAD answered with a chunked head and no body, then a GET with one. */
    private static void serveHeadThenGet(ServerSocket upstream) {
        try (Socket socket = upstream.accept()) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            SocketReads.readHead(in);
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            SocketReads.readHead(in);
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            SocketReads.readHead(in);
        } catch (IOException e) {
            // The proxy closed the connection at the end of the test.
        }
    }

    /** Sends {@code requests} on one connection and reads until the bytes read end with {@code end}. */
    private static String exchange(int port, String requests, String end) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            InputStream in = socket.getInputStream();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end) && System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                read.write(buffer, 0, n);
            }
            return read.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int port(ProxyHarness proxy) {
        String url = proxy.url(0);
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }
}
