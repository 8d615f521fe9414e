package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Active health checks: a server that stops answering is DOWN within fall × interval and takes no requests;
 * back, it is UP within rise × interval; all the while a bounded load keeps being answered.
 */
class HealthCheckTest {

    static String config(String servers, String health) {
        return """
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      routes: [{ upstream: app }]
                  upstreams:
                    app:
                      servers: [%s]
                      retries: 2
                      timeouts: { connect: 500ms, response: 1s }
                      health: %s
                """.formatted(servers, health);
    }

    static double up(ProxyHarness proxy, TestUpstream server) {
        return proxy.meters.get("edgeplane.proxy.upstream.up").tags("pool", "app", "server", server.address()).gauge().value();
    }

    static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aKilledServerGoesDownUnderLoadWithoutFailedRequestsAndComesBackUp() throws Exception {
        TestUpstream a = new TestUpstream("a");
        TestUpstream b = new TestUpstream("b");
        TestUpstream c = new TestUpstream("c");
        InetSocketAddress cAddress = new InetSocketAddress("127.0.0.1", c.port());
        List<TestUpstream> started = new ArrayList<>(List.of(a, b, c));
        try (ProxyHarness proxy = new ProxyHarness(config("{ address: %s }, { address: %s }, { address: %s }"
                        .formatted(a.address(), b.address(), c.address()),
                "{ http: { path: /status/200 }, interval: 200ms, timeout: 150ms, fall: 3, rise: 2 }"));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread load = Thread.ofVirtual().start(() -> {
                // Bounded: at most 20,000 requests, and it stops when the test says so.
                for (int i = 0; i < 20_000 && running.get(); i++) {
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/echo"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failures.add("status " + response.statusCode());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            await(() -> answered.get() > 100, Duration.ofSeconds(10));
            assertThat(up(proxy, c)).isEqualTo(1.0);

            long killed = System.nanoTime();
            c.close();
            started.remove(c);
            await(() -> up(proxy, c) == 0.0, Duration.ofSeconds(5));
            Duration toDown = Duration.ofNanos(System.nanoTime() - killed);
            // fall × interval, plus the check in progress and a first interval's jitter at most.
            assertThat(toDown).isLessThan(Duration.ofMillis(3 * 200 + 2 * 200 + 500));
            int cBefore = c.requests.get();
            int atDown = answered.get();
            await(() -> answered.get() > atDown + 100, Duration.ofSeconds(10));
            assertThat(c.requests.get()).isEqualTo(cBefore);

            TestUpstream back = new TestUpstream("c", cAddress);
            started.add(back);
            long restarted = System.nanoTime();
            await(() -> up(proxy, c) == 1.0, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofMillis(2 * 200 + 200 + 500));
            await(() -> back.requests.get() > 10, Duration.ofSeconds(10));

            running.set(false);
            load.join();
            // The requests that met c as it died (refused, reset, or unanswered for timeouts.response) were
            // retried on a or b: none failed.
            assertThat(failures).isEmpty();
        } finally {
            started.forEach(TestUpstream::close);
        }
    }

    @Test
    void tcpChecksAndWrongStatusesAndBodies() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             ProxyHarness tcp = new ProxyHarness(config("{ address: %s }, { address: 127.0.0.1:1 }".formatted(a.address()),
                     "{ interval: 100ms, timeout: 100ms, fall: 1, rise: 1 }"));
             ProxyHarness status = new ProxyHarness(config("{ address: %s }".formatted(a.address()),
                     "{ http: { path: /status/503 }, interval: 100ms, timeout: 100ms, fall: 1, rise: 1 }"));
             ProxyHarness body = new ProxyHarness(config("{ address: %s }".formatted(a.address()),
                     "{ http: { path: /echo, body: 'upstream=b' }, interval: 100ms, timeout: 100ms, fall: 1, rise: 1 }"));
             ProxyHarness good = new ProxyHarness(config("{ address: %s }".formatted(a.address()),
                     "{ http: { path: /echo, body: 'upstream=a', expect: 200 }, interval: 100ms, timeout: 100ms, fall: 1, rise: 1 }"))) {
            await(() -> tcp.meters.get("edgeplane.proxy.upstream.up").tags("server", "127.0.0.1:1").gauge().value() == 0.0,
                    Duration.ofSeconds(3));
            await(() -> up(status, a) == 0.0, Duration.ofSeconds(3));
            await(() -> up(body, a) == 0.0, Duration.ofSeconds(3));
            assertThat(up(tcp, a)).isEqualTo(1.0);
            Thread.sleep(500);
            assertThat(up(good, a)).isEqualTo(1.0);
            // With its only server DOWN, the pool answers 503.
            assertThat(status.get("/").statusCode()).isEqualTo(503);
        }
    }
}
