package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PROXY protocol on a listener ({@code proxy_protocol.accept}): the header's client is the client for the
 * access list, {@code $remote_addr}, X-Forwarded-For and X-Real-IP; a connection without a valid header, or
 * from a peer not trusted to send one, is closed and counted.
 */
class ProxyProtocolTest {

    private static final String REQUEST = "GET /who HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void v1HeaderNamesTheClientForUpstreamsAndVariables() throws Exception {
        try (TestUpstream upstream = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       upstreams: { app: { servers: [{ address: %s }] } }
                       listeners:
                         - name: edge
                           listen: [127.0.0.1:0]
                           proxy_protocol: { accept: true }
                           forwarded: { x_real_ip: true }
                           routes:
                             - { match: { path: /who }, respond: { body: "$remote_addr:$remote_port $server_port" } }
                             - { upstream: app }
                     """.formatted(upstream.address()))) {
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n" + REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("198.51.100.7:51234 8080");
                client.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(client.readResponse().statusLine()).isEqualTo("HTTP/1.1 200 OK");
            }
            assertThat(upstream.received.toString().toLowerCase())
                    .contains("x-forwarded-for: 198.51.100.7\r\n")
                    .contains("x-real-ip: 198.51.100.7\r\n");
        }
    }

    @Test
    void v2HeaderAndLocalCommand() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: edge
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true }
                      routes: [{ respond: { body: "$remote_addr:$remote_port $server_port" } }]
                """)) {
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send(v2(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                        HAProxyProxiedProtocol.TCP6, "2001:db8::7", "2001:db8::1", 40000, 443)) + REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("2001:db8:0:0:0:0:0:7:40000 443");
            }
            // LOCAL: the balancer's own health check; the socket's addresses stand.
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send(v2(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
                        HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0)) + REQUEST);
                assertThat(client.readResponse().body()).startsWith("127.0.0.1:").endsWith(" " + port(proxy, 0));
            }
            assertThat(refused(proxy, "edge", "proxy_protocol")).isZero();
        }
    }

    @Test
    void accessListsJudgeTheHeadersClient() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: edge
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true }
                      allow: [198.51.100.0/24]
                      routes: [{ respond: { body: ok } }]
                """)) {
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n" + REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("ok");
            }
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send("PROXY TCP4 203.0.113.9 127.0.0.1 51234 8080\r\n" + REQUEST);
                assertThat(client.readToEof()).isEmpty();
            }
            awaitCount(proxy, "edge", "access", 1);
        }
    }

    @Test
    void missingOrMalformedHeadersAndUntrustedPeersAreClosedAndCounted() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: edge
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true }
                      limits: { header_timeout: 500ms }
                      routes: [{ respond: { body: ok } }]
                    - name: fenced
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true, trusted: [10.0.0.0/8] }
                      routes: [{ respond: { body: ok } }]
                """)) {
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send(REQUEST);
                assertThat(client.readToEof()).as("a request without a header").isEmpty();
            }
            awaitCount(proxy, "edge", "proxy_protocol", 1);
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send("PROXY TCP4 999.1.1.1 127.0.0.1 1 2\r\n" + REQUEST);
                assertThat(client.readToEof()).as("a malformed header").isEmpty();
            }
            awaitCount(proxy, "edge", "proxy_protocol", 2);
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send("PRO");
                assertThat(client.readToEof()).as("a header that never ends").isEmpty();
            }
            awaitCount(proxy, "edge", "proxy_protocol", 3);
            try (RawHttpClient client = new RawHttpClient(port(proxy, 1), 5000)) {
                client.send("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n" + REQUEST);
                assertThat(client.readToEof()).as("a peer outside trusted").isEmpty();
            }
            awaitCount(proxy, "fenced", "proxy_protocol", 1);
            // The listener still serves after all that.
            try (RawHttpClient client = new RawHttpClient(port(proxy, 0), 5000)) {
                client.send("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n" + REQUEST);
                assertThat(client.readResponse().body()).isEqualTo("ok");
            }
        }
    }

    /**
     * Behind a balancer every connection comes from the balancer's address: per-client connection limits
     * must count the client each header names, or the balancer would be one client over its limit.
     */
    @Test
    void perClientConnectionLimitsCountTheHeadersClient() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: edge
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true }
                      limits: { max_connections_per_client: 1 }
                      routes:
                        - respond: { body: "$remote_addr" }
                """)) {
            try (RawHttpClient first = new RawHttpClient(port(proxy, 0), 5000);
                 RawHttpClient second = new RawHttpClient(port(proxy, 0), 5000)) {
                first.send("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n" + REQUEST);
                assertThat(first.readResponse().body()).isEqualTo("198.51.100.7");
                second.send("PROXY TCP4 198.51.100.8 127.0.0.1 51235 8080\r\n" + REQUEST);
                assertThat(second.readResponse().body()).as("another client behind the same balancer").isEqualTo("198.51.100.8");
                try (RawHttpClient third = new RawHttpClient(port(proxy, 0), 5000)) {
                    third.send("PROXY TCP4 198.51.100.7 127.0.0.1 51236 8080\r\n" + REQUEST);
                    assertThat(answerOrNull(third)).as("198.51.100.7 has its one connection open").isNull();
                }
                awaitCount(proxy, "edge", "max_connections_per_client", 1);
            }
            // Its connections closed, the client is let in again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            String body = null;
            while (System.nanoTime() < deadline) {
                try (RawHttpClient again = new RawHttpClient(port(proxy, 0), 5000)) {
                    again.send("PROXY TCP4 198.51.100.7 127.0.0.1 51237 8080\r\n" + REQUEST);
                    var answer = answerOrNull(again);
                    if (answer != null) {
                        body = answer.body();
                        break;
                    }
                }
                Thread.sleep(20);
            }
            assertThat(body).isEqualTo("198.51.100.7");
        }
    }

    /** The answer, or null when the connection was closed (or reset) without one. */
    private static RawHttpClient.Response answerOrNull(RawHttpClient client) throws java.io.IOException {
        try {
            return client.readResponse();
        } catch (java.net.SocketException e) {
            return null;
        }
    }

    /** The v2 header as Netty's encoder writes it, one char per byte. */
    static String v2(HAProxyMessage header) {
        EmbeddedChannel channel = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        channel.writeOutbound(header);
        ByteBuf bytes = channel.readOutbound();
        try {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        } finally {
            bytes.release();
            channel.finishAndReleaseAll();
        }
    }

    static int port(ProxyHarness proxy, int listener) {
        return URI.create(proxy.url(listener)).getPort();
    }

    private static double refused(ProxyHarness proxy, String listener, String reason) {
        return proxy.meters.get("edgeplane.proxy.connections.refused").tags("listener", listener, "reason", reason).counter().count();
    }

    /** The counter is bumped on the event loop; the client may see the close first. */
    private static void awaitCount(ProxyHarness proxy, String listener, String reason, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (refused(proxy, listener, reason) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(refused(proxy, listener, reason)).isEqualTo(expected);
    }
}
