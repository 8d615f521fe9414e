package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits through the real proxy: exact counts with clients on both event loops, limits shared by the
 * routes that name them, and what a refused request gets. Windows are a minute long, so no test depends on
 * where a window boundary falls.
 */
class RateLimitTest {

    @TempDir
    Path dir;

    @Test
    void exactlyMaxRequestsPassWithClientsOnBothEventLoops() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limit: { key: client_ip, window: 60s, max_requests: 50 }
                      routes: [{ respond: { body: ok } }]
                """)) {
            int connections = 8;
            int perConnection = 20;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<int[]>> results = new ArrayList<>();
            // Connections are spread over the harness's two event loops in turn, so both count the one key.
            try (ExecutorService clients = Executors.newFixedThreadPool(connections)) {
                for (int c = 0; c < connections; c++) {
                    results.add(clients.submit(() -> {
                        int[] byStatus = new int[600];
                        try (RawHttpClient client = new RawHttpClient(port(proxy), 10_000)) {
                            start.await();
                            for (int i = 0; i < perConnection; i++) {
                                String status = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().statusLine();
                                byStatus[Integer.parseInt(status.substring(9, 12))]++;
                            }
                        }
                        return byStatus;
                    }));
                }
                start.countDown();
                int ok = 0;
                int limited = 0;
                for (Future<int[]> result : results) {
                    int[] byStatus = result.get(60, TimeUnit.SECONDS);
                    ok += byStatus[200];
                    limited += byStatus[429];
                }
                assertThat(ok).isEqualTo(50);
                assertThat(limited).isEqualTo(connections * perConnection - 50);
            }
            assertThat(limitedCount(proxy, "l", "reject")).isEqualTo(connections * perConnection - 50);
            assertThat(proxy.meters.get("edgeplane.proxy.rate.limit.keys").tags("limit", "l").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void routesNamingOneLimitShareItsCountAndARouteWithItsOwnDoesNot() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  rate_limits:
                    shared: { window: 60s, max_requests: 3 }
                    own: { window: 60s, max_requests: 3 }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      routes:
                        - { name: a, match: { path: /a }, rate_limits: [shared], respond: { body: a } }
                        - { name: b, match: { path: /b }, rate_limits: [shared], respond: { body: b } }
                        - { name: c, match: { path: /c }, rate_limits: [own], respond: { body: c } }
                        - { name: free, respond: { body: free } }
                """)) {
            assertThat(proxy.get("/a").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/a").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/b").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/b").statusCode()).as("the fourth request over /a and /b together").isEqualTo(429);
            assertThat(proxy.get("/a").statusCode()).isEqualTo(429);
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/c").statusCode()).as("/c counts apart").isEqualTo(200);
            }
            assertThat(proxy.get("/c").statusCode()).isEqualTo(429);
            assertThat(proxy.get("/other").statusCode()).as("a route without a limit").isEqualTo(200);
            assertThat(limitedCount(proxy, "shared", "reject")).isEqualTo(2);
            assertThat(limitedCount(proxy, "own", "reject")).isEqualTo(1);
        }
    }

    @Test
    void aRefusalCarriesRetryAfterTheListenersEditsAndItsErrorPageAndIsLogged() throws Exception {
        Path accessLog = dir.resolve("access.log");
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  access_log: { path: "%s", format: json }
                  rate_limits:
                    per_ip: { key: client_ip, window: 60s, max_requests: 2, action: reject }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limits: [per_ip]
                      headers: { response: { set: { X-Frame-Options: DENY } } }
                      error_pages: { "429": { body: "slow down, $remote_addr\\n", content_type: text/plain } }
                      routes: [{ name: hello, respond: { body: hello } }]
                """.formatted(accessLog))) {
            try (RawHttpClient client = new RawHttpClient(port(proxy), 5000)) {
                for (int i = 0; i < 2; i++) {
                    assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().statusLine()).endsWith("200 OK");
                }
                RawHttpClient.Response refused = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();

                assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
                // Full at the start of a 60 s window: the next request fits once the next window has begun and
                // this one's weight has fallen by half, 60 to 90 s from now.
                assertThat(Long.parseLong(refused.header("retry-after"))).isBetween(60L, 90L);
                assertThat(refused.header("x-frame-options")).isEqualTo("DENY");
                assertThat(refused.body()).isEqualTo("slow down, 127.0.0.1\n");
                assertThat(refused.header("connection")).as("a refusal keeps the connection").isNull();
                assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().statusLine()).endsWith("429 Too Many Requests");
            }
            List<String> lines = awaitLines(accessLog, 4);
            assertThat(lines.get(2)).contains("\"status\":429").contains("\"route\":\"hello\"").contains("\"listener\":\"l\"");
            assertThat(limitedCount(proxy, "per_ip", "reject")).isEqualTo(2);
            assertThat(proxy.meters.get("edgeplane.proxy.requests").tags("listener", "l", "route", "hello", "code", "4xx")
                    .counter().count()).isEqualTo(2);
        }
    }

    @Test
    void aReloadKeepsAnUnchangedLimitsCountsAndAChangedOneStartsAfresh() throws Exception {
        String yaml = """
                proxy:
                  rate_limits:
                    per_ip: { window: 60s, max_requests: %d }
                  listeners:
                    - { name: l, listen: [127.0.0.1:0], rate_limits: [per_ip], routes: [{ respond: { body: ok } }] }
                """;
        try (ProxyHarness proxy = new ProxyHarness(yaml.formatted(1))) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(429);
            proxy.apply(yaml.formatted(1));
            assertThat(proxy.get("/").statusCode()).as("same config: same counts").isEqualTo(429);
            assertThat(limitedCount(proxy, "per_ip", "reject")).isEqualTo(2);
            proxy.apply(yaml.formatted(2));
            assertThat(proxy.get("/").statusCode()).as("a new limit counts afresh").isEqualTo(200);
            assertThat(limitedCount(proxy, "per_ip", "reject")).as("a new limit's own series").isZero();
        }
    }

    @Test
    void aHeaderKeyCountsEachValueApart() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limit: { key: header, header: X-Api-Key, window: 60s, max_requests: 1 }
                      routes: [{ respond: { body: ok } }]
                """)) {
            assertThat(withKey(proxy, "alice")).isEqualTo(200);
            assertThat(withKey(proxy, "alice")).isEqualTo(429);
            assertThat(withKey(proxy, "bob")).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).as("no header: counted by address").isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(429);
        }
    }

    private static int withKey(ProxyHarness proxy, String key) throws Exception {
        return proxy.send(java.net.http.HttpRequest.newBuilder(URI.create(proxy.url(0) + "/")).header("X-Api-Key", key))
                .statusCode();
    }

    static int port(ProxyHarness proxy) {
        return URI.create(proxy.url(0)).getPort();
    }

    static double limitedCount(ProxyHarness proxy, String limit, String action) {
        return proxy.meters.get("edgeplane.proxy.rate.limited").tags("limit", limit, "action", action).counter().count();
    }

    /** The access log is written by its own thread: wait, bounded, for {@code count} lines. */
    static List<String> awaitLines(Path accessLog, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
            if (lines.size() >= count) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(lines).hasSize(count);
        return lines;
    }
}
