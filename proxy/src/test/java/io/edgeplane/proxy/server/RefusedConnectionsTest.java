package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections a listener closes before any request (its allow/deny list, max_connections) are not requests:
 * no answer, no access log line, no request metric; they are counted in
 * {@code edgeplane_proxy_connections_refused_total}.
 */
class RefusedConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void deniedAndOverLimitConnectionsAreCountedNotLogged() throws Exception {
        Path accessLog = dir.resolve("access.log");
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  access_log: { path: "%s", format: json }
                  listeners:
                    - { name: private, listen: [127.0.0.1:0], allow: [10.0.0.0/8], routes: [{ respond: { body: ok } }] }
                    - name: small
                      listen: [127.0.0.1:0]
                      limits: { max_connections: 1 }
                      routes: [{ respond: { body: ok } }]
                """.formatted(accessLog))) {
            try (RawHttpClient denied = new RawHttpClient(port(proxy, 0), 5000)) {
                denied.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(denied.readToEof()).as("no answer to a denied network").isEmpty();
            }
            awaitCount(proxy, "private", "access", 1);

            try (RawHttpClient first = new RawHttpClient(port(proxy, 1), 5000)) {
                first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(first.readResponse().statusLine()).isEqualTo("HTTP/1.1 200 OK");
                try (RawHttpClient second = new RawHttpClient(port(proxy, 1), 5000)) {
                    assertThat(second.readToEof()).as("closed at accept, over max_connections").isEmpty();
                }
                awaitCount(proxy, "small", "max_connections", 1);
            }

            assertThat(refused(proxy, "private", "max_connections")).isZero();
            assertThat(refused(proxy, "small", "access")).isZero();
            // The one answered request is logged; the refused connections are not.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && (!Files.exists(accessLog) || Files.readAllLines(accessLog).isEmpty())) {
                Thread.sleep(10);
            }
            Thread.sleep(50);
            List<String> lines = Files.readAllLines(accessLog);
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()).contains("\"listener\":\"small\"").contains("\"status\":200");
            assertThat(proxy.meters.find("edgeplane.proxy.requests").tags("listener", "private").counters())
                    .allSatisfy(counter -> assertThat(counter.count()).isZero());
        }
    }

    private static int port(ProxyHarness proxy, int listener) {
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
