package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code send_proxy} on an upstream: each new connection starts with a PROXY header naming the client (here
 * itself named by a PROXY header on the listener) and the listener address it reached; a kept-alive connection
 * carries no second header.
 */
class ProxyProtocolUpstreamTest {

    private static final String PROXIED = "PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n";
    private static final String REQUEST = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void v1HeaderOncePerUpstreamConnection() throws Exception {
        try (RawUpstream upstream = new RawUpstream(); ProxyHarness proxy = new ProxyHarness(config("v1", upstream))) {
            try (RawHttpClient client = new RawHttpClient(ProxyProtocolTest.port(proxy, 0), 5000)) {
                client.send(PROXIED + REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("ok");
                client.send(REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("ok");
            }
            assertThat(upstream.connections).hasSize(1);
            String received = upstream.connections.getFirst().toString(StandardCharsets.ISO_8859_1);
            assertThat(received).startsWith("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\nGET /a HTTP/1.1\r\n");
            assertThat(received.split("PROXY ", -1)).as("one header for two requests").hasSize(2);
        }
    }

    @Test
    void v2HeaderCarriesTheClient() throws Exception {
        try (RawUpstream upstream = new RawUpstream(); ProxyHarness proxy = new ProxyHarness(config("v2", upstream))) {
            try (RawHttpClient client = new RawHttpClient(ProxyProtocolTest.port(proxy, 0), 5000)) {
                client.send(PROXIED + REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("ok");
            }
            EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
            decoder.writeInbound(Unpooled.wrappedBuffer(upstream.connections.getFirst().toByteArray()));
            HAProxyMessage header = decoder.readInbound();
            try {
                assertThat(header.command()).isEqualTo(HAProxyCommand.PROXY);
                assertThat(header.sourceAddress()).isEqualTo("198.51.100.7");
                assertThat(header.sourcePort()).isEqualTo(51234);
                assertThat(header.destinationAddress()).isEqualTo("127.0.0.1");
                assertThat(header.destinationPort()).isEqualTo(8080);
            } finally {
                header.release();
                decoder.finishAndReleaseAll();
            }
        }
    }

    private static String config(String version, RawUpstream upstream) {
        return """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:%d }], send_proxy: %s } }
                  listeners:
                    - name: edge
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true }
                      routes: [{ upstream: app }]
                """.formatted(upstream.port(), version);
    }

    /**
     * A bare socket upstream: it records every byte of each connection and answers each request head with
     * {@code ok}, skipping the PROXY header that starts a connection (a v2 one contains CRLFCRLF itself).
     */
    private static final class RawUpstream implements AutoCloseable {
        private static final byte[] V2_SIGNATURE = "\r\n\r\n\0\r\nQUIT\n".getBytes(StandardCharsets.ISO_8859_1);
        final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = Thread.ofVirtual().start(this::acceptAll);

        RawUpstream() throws IOException {
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptAll() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    connections.add(bytes);
                    Thread.ofVirtual().start(() -> serve(socket, bytes));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private static void serve(Socket socket, ByteArrayOutputStream bytes) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                socket.setSoTimeout(10_000);
                byte[] buffer = new byte[4096];
                int scanned = -1;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                    String text = bytes.toString(StandardCharsets.ISO_8859_1);
                    if (scanned < 0) {
                        scanned = headerLength(bytes.toByteArray(), text);
                        if (scanned < 0) {
                            continue;
                        }
                    }
                    int end;
                    while ((end = text.indexOf("\r\n\r\n", scanned)) >= 0) {
                        scanned = end + 4;
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        /** The length of the PROXY header at the start, 0 if there is none, -1 if more bytes are needed. */
        private static int headerLength(byte[] bytes, String text) {
            if (text.startsWith("PROXY ")) {
                int end = text.indexOf("\r\n");
                return end < 0 ? -1 : end + 2;
            }
            if (bytes.length >= V2_SIGNATURE.length && text.startsWith(new String(V2_SIGNATURE, StandardCharsets.ISO_8859_1))) {
                return bytes.length < 16 ? -1 : 16 + ((bytes[14] & 0xff) << 8 | (bytes[15] & 0xff));
            }
            return bytes.length < V2_SIGNATURE.length && !text.startsWith("GET") ? -1 : 0;
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5000);
        }
    }
}
