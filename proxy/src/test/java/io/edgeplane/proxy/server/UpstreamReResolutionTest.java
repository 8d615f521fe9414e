package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.proxy.resolve.TestDnsServer;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Upstream names followed through DNS end to end: a real name server on loopback whose answer the test
 * changes, two upstreams on the same port at 127.0.0.1 and 127.0.0.2, and the proxy between them.
 */
class UpstreamReResolutionTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    /** Two upstreams on one port, told apart only by their address. */
    private record Pair(TestUpstream first, TestUpstream second) implements AutoCloseable {

        static Pair onOnePort() throws InterruptedException {
            // The kernel picks a port free on 127.0.0.1; it is almost always free on 127.0.0.2 too.
            for (int attempt = 0; attempt < 10; attempt++) {
                TestUpstream first = new TestUpstream("first", new InetSocketAddress("127.0.0.1", 0));
                try {
                    return new Pair(first, new TestUpstream("second", new InetSocketAddress("127.0.0.2", first.port())));
                } catch (IllegalStateException taken) {
                    first.close();
                }
            }
            throw new AssertionError("no port free on both 127.0.0.1 and 127.0.0.2 in 10 tries");
        }

        int port() {
            return first.port();
        }

        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    private static String config(TestDnsServer dns, int port, String extraUpstreams) {
        return """
                proxy:
                  resolver: { servers: [%s], timeout: 1s }
                  listeners:
                    - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                  upstreams:
                    app: { servers: [{ address: app.test:%d }] }
                %s""".formatted(dns.hostPort(), port, extraUpstreams);
    }

    private static String from(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status of a proxied request").isEqualTo(200);
        return response.headers().firstValue("x-upstream").orElseThrow();
    }

    /** Sends requests until one is answered by {@code upstream}; returns how many it took. */
    private static int requestsUntil(ProxyHarness proxy, String upstream) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        for (int sent = 1; sent <= 2000; sent++) {
            if (from(proxy.get("/echo")).equals(upstream)) {
                return sent;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("requests did not reach " + upstream + " within " + WITHIN);
    }

    private static Counter dnsFailures(ProxyHarness proxy) {
        return proxy.meters.find("edgeplane.proxy.upstream.dns.failures").tags("pool", "app", "host", "app.test").counter();
    }

    @Test
    void afterTheTtlRequestsGoToTheNewAddressAndTheNameIsAskedPerTtlNotPerRequest() throws Exception {
        try (Pair upstreams = Pair.onOnePort();
             TestDnsServer dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 1);
             ProxyHarness proxy = new ProxyHarness(config(dns, upstreams.port(), ""))) {
            assertThat(from(proxy.get("/echo"))).isEqualTo("first");
            int askedAtStart = dns.queries();
            long start = System.nanoTime();

            dns.answer(List.of("127.0.0.2"), 1);
            int sent = requestsUntil(proxy, "second");
            // Every request from now on: the kept-alive connection to 127.0.0.1 is not reused.
            for (int i = 0; i < 20; i++) {
                assertThat(from(proxy.get("/echo"))).isEqualTo("second");
            }

            double seconds = (System.nanoTime() - start) / 1e9;
            int asked = dns.queries() - askedAtStart;
            assertThat(asked).as("re-resolved after the TTL").isGreaterThanOrEqualTo(1);
            // About one question a second (TTL 1 s), however many requests: not one per request.
            assertThat(asked).as("questions in %.1f s for %d requests", seconds, sent + 20)
                    .isLessThanOrEqualTo((int) Math.ceil(seconds) + 2)
                    .isLessThan(sent + 20);
            assertThat(upstreams.second().requests.get()).isGreaterThanOrEqualTo(21);
            assertThat(dnsFailures(proxy).count()).isZero();
        }
    }

    @Test
    void whenTheNameServerFailsRequestsKeepGoingToTheLastGoodAddressAndFailuresAreCounted() throws Exception {
        try (Pair upstreams = Pair.onOnePort();
             TestDnsServer dns = new TestDnsServer("app.test", List.of("127.0.0.2"), 1);
             ProxyHarness proxy = new ProxyHarness(config(dns, upstreams.port(), ""))) {
            assertThat(from(proxy.get("/echo"))).isEqualTo("second");

            dns.fail(DnsResponseCode.SERVFAIL);
            awaitFailures(proxy, 1);
            assertThat(from(proxy.get("/echo"))).isEqualTo("second");

            // A name server that does not answer at all is a failure too (after resolver.timeout).
            dns.silence();
            double before = dnsFailures(proxy).count();
            awaitFailures(proxy, before + 1);
            for (int i = 0; i < 5; i++) {
                assertThat(from(proxy.get("/echo"))).isEqualTo("second");
            }
            assertThat(upstreams.first().requests.get()).isZero();

            // Once it answers again, its answer is followed.
            dns.answer(List.of("127.0.0.1"), 1);
            requestsUntil(proxy, "first");
        }
    }

    private static void awaitFailures(ProxyHarness proxy, double atLeast) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (dnsFailures(proxy).count() < atLeast) {
            assertThat(System.nanoTime()).as("%s failed lookups counted within %s", atLeast, WITHIN).isLessThan(deadline);
            // Requests meanwhile are served from the last good address.
            assertThat(from(proxy.get("/echo"))).isEqualTo("second");
            Thread.sleep(50);
        }
    }

    @Test
    void aNameThatDoesNotResolveRejectsTheConfigAndTheRunningOneStays() throws Exception {
        try (Pair upstreams = Pair.onOnePort();
             TestDnsServer dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 1);
             ProxyHarness proxy = new ProxyHarness(config(dns, upstreams.port(), ""))) {
            String broken = config(dns, upstreams.port(), """
                      api: { servers: [{ address: 127.0.0.1:1 }, { address: api.test:80 }] }
                      web: { servers: [{ address: web.test:80 }] }
                  """);

            assertThatThrownBy(() -> proxy.apply(broken))
                    .isInstanceOf(ServiceException.class)
                    .hasMessage("proxy: upstream api: cannot resolve api.test (host not found); "
                            + "upstream web: cannot resolve web.test (host not found)");
            assertThat(from(proxy.get("/echo"))).isEqualTo("first");
        }
    }

    @Test
    void aReloadKeepsAnUnchangedPoolRefreshingAndStopsTheRefreshesOfARemovedOne() throws Exception {
        try (Pair upstreams = Pair.onOnePort();
             TestDnsServer dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 1)) {
            dns.serveAlso("extra.test");
            try (ProxyHarness proxy = new ProxyHarness(config(dns, upstreams.port(), """
                      extra: { servers: [{ address: extra.test:%d }] }
                  """.formatted(upstreams.port())))) {
                assertThat(from(proxy.get("/echo"))).isEqualTo("first");
                assertThat(dns.queries("extra.test")).isGreaterThanOrEqualTo(1);

                // Reload: 'app' unchanged (carried over with its connection), 'extra' removed.
                proxy.apply(config(dns, upstreams.port(), ""));
                assertThat(from(proxy.get("/echo"))).isEqualTo("first");
                assertThat(upstreams.first().connections.get()).as("the carried-over pool kept its connection").isEqualTo(1);

                int extraAtReload = dns.queries("extra.test");
                int appAtReload = dns.queries("app.test");
                Thread.sleep(2500);
                assertThat(dns.queries("extra.test") - extraAtReload)
                        .as("questions for the removed pool's name (one may have been in flight)").isLessThanOrEqualTo(1);
                assertThat(dns.queries("app.test") - appAtReload).as("questions for the carried-over pool's name")
                        .isBetween(1, 4);

                // And 'app' still follows its name.
                dns.answer(List.of("127.0.0.2"), 1);
                requestsUntil(proxy, "second");

                // A changed resolver section rebuilds the pool on a new resolver, which follows the name too.
                proxy.apply(config(dns, upstreams.port(), "").replace("timeout: 1s", "timeout: 2s"));
                assertThat(from(proxy.get("/echo"))).isEqualTo("second");
                dns.answer(List.of("127.0.0.1"), 1);
                requestsUntil(proxy, "first");
            }
        }
    }
}
