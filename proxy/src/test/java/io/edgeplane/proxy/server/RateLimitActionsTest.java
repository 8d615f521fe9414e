package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.server.RateLimitTest.awaitLines;
import static io.edgeplane.proxy.server.RateLimitTest.limitedCount;
import static io.edgeplane.proxy.server.RateLimitTest.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other answers to a request over a limit (close, tarpit), and the per-client connection limit. */
class RateLimitActionsTest {

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void closeEndsTheConnectionWithoutAnAnswer() throws Exception {
        Path accessLog = dir.resolve("access.log");
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  access_log: { path: "%s", format: json }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limit: { window: 60s, max_requests: 1, action: close }
                      routes: [{ respond: { body: ok } }]
                """.formatted(accessLog))) {
            try (RawHttpClient client = new RawHttpClient(port(proxy), 5000)) {
                assertThat(client.send(REQUEST).readResponse().statusLine()).endsWith("200 OK");
                assertThat(client.send(REQUEST).readToEof()).isEmpty();
            }
            assertThat(awaitLines(accessLog, 2).get(1)).contains("\"status\":444");
            assertThat(limitedCount(proxy, "l", "close")).isEqualTo(1);
        }
    }

    @Test
    void tarpitHoldsTheRequestForItsDelayWithoutHoldingUpTheEventLoop() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  rate_limits:
                    slow: { window: 60s, max_requests: 1, action: tarpit, tarpit_delay: 400ms }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      routes:
                        - { match: { path: /limited }, rate_limits: [slow], respond: { body: ok } }
                        - { respond: { body: free } }
                """)) {
            try (RawHttpClient first = new RawHttpClient(port(proxy), 5000)) {
                assertThat(first.send("GET /limited HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().statusLine()).endsWith("200 OK");
            }
            // Many held at once, on both event loops; others are answered at once meanwhile.
            RawHttpClient[] held = new RawHttpClient[6];
            long start = System.nanoTime();
            try {
                for (int i = 0; i < held.length; i++) {
                    held[i] = new RawHttpClient(port(proxy), 5000);
                    held[i].send("GET /limited HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                for (int i = 0; i < 4; i++) {
                    long asked = System.nanoTime();
                    try (RawHttpClient other = new RawHttpClient(port(proxy), 5000)) {
                        assertThat(other.send(REQUEST).readResponse().body()).isEqualTo("free");
                    }
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)).as("not held up").isLessThan(300);
                }
                for (RawHttpClient client : held) {
                    RawHttpClient.Response answer = client.readResponse();
                    assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
                    assertThat(answer.header("connection")).isEqualTo("close");
                    assertThat(answer.header("retry-after")).isNotNull();
                    assertThat(client.readToEof()).isEmpty();
                }
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsed).as("held for the delay, then answered").isBetween(400L, 4_000L);
            } finally {
                for (RawHttpClient client : held) {
                    if (client != null) {
                        client.close();
                    }
                }
            }
            assertThat(limitedCount(proxy, "slow", "tarpit")).isEqualTo(held.length);
        }
    }

    @Test
    void aTarpittedClientThatLeavesIsLoggedAs499() throws Exception {
        Path accessLog = dir.resolve("access.log");
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  access_log: { path: "%s", format: json }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limit: { window: 60s, max_requests: 1, action: tarpit, tarpit_delay: 200ms }
                      routes: [{ respond: { body: ok } }]
                """.formatted(accessLog))) {
            try (RawHttpClient client = new RawHttpClient(port(proxy), 5000)) {
                client.send(REQUEST).readResponse();
                client.send(REQUEST);
            }
            assertThat(awaitLines(accessLog, 2).get(1)).contains("\"status\":499");
        }
    }

    @Test
    void aClientOverMaxConnectionsPerClientIsRefusedAtAcceptAndCounted() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      limits: { max_connections_per_client: 2 }
                      routes: [{ respond: { body: ok } }]
                """)) {
            try (RawHttpClient a = new RawHttpClient(port(proxy), 5000);
                 RawHttpClient b = new RawHttpClient(port(proxy), 5000)) {
                assertThat(a.send(REQUEST).readResponse().statusLine()).endsWith("200 OK");
                assertThat(b.send(REQUEST).readResponse().statusLine()).endsWith("200 OK");
                try (RawHttpClient third = new RawHttpClient(port(proxy), 5000)) {
                    assertThat(third.readToEof()).as("closed at accept").isEmpty();
                }
                // Counted on the event loop just before the close the client saw; wait for it, bounded.
                long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (refused(proxy, "max_connections_per_client") < 1 && System.nanoTime() < counted) {
                    Thread.sleep(10);
                }
                assertThat(refused(proxy, "max_connections_per_client")).isEqualTo(1);
                assertThat(refused(proxy, "max_connections")).isZero();
            }
            // Both closed: the client's count goes back down, and it may connect again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            RawHttpClient.Response answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try (RawHttpClient again = new RawHttpClient(port(proxy), 5000)) {
                    answer = again.send(REQUEST).readResponse();
                }
                if (answer == null) {
                    Thread.sleep(20);
                }
            }
            assertThat(answer).isNotNull();
            assertThat(answer.statusLine()).endsWith("200 OK");
        }
    }

    private static double refused(ProxyHarness proxy, String reason) {
        return proxy.meters.get("edgeplane.proxy.connections.refused").tags("listener", "l", "reason", reason).counter().count();
    }
}
