package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import org.junit.jupiter.api.Test;

/**
 * A reload that changes a pool builds it anew; its meters, which carry the same names as the old pool's,
 * must then read the new pool's servers. A registry hands back a meter already registered under a name,
 * so meters registered while the reload is prepared would have gone on reading the old servers for good.
 */
class PoolMetersReloadTest {

    private static final String CONFIG = """
            proxy:
              listeners:
                - name: web
                  listen: [127.0.0.1:0]
                  routes:
                    - upstream: app
              upstreams:
                app:
                  servers: [{ address: 127.0.0.1:%d, weight: %d }]
            """;

    @Test
    void aRebuiltPoolsMetersCountItsOwnRequests() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(CONFIG.formatted(app.port(), 1))) {
            String server = "127.0.0.1:" + app.port();
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
            assertThat(answered(proxy, server)).isEqualTo(3);

            proxy.apply(CONFIG.formatted(app.port(), 5));
            for (int i = 0; i < 2; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
            // The new pool's server answered two; the series is the new pool's, not the old one's three.
            assertThat(answered(proxy, server)).isEqualTo(2);
            assertThat(proxy.meters.find("edgeplane.proxy.upstream.requests").tag("pool", "app")
                    .tag("outcome", "answered").functionCounters()).hasSize(1);
        }
    }

    @Test
    void aRemovedPoolsMetersAreGone() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(CONFIG.formatted(app.port(), 1))) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            proxy.apply("""
                    proxy:
                      listeners:
                        - name: web
                          listen: [127.0.0.1:0]
                          routes:
                            - respond: { status: 204 }
                    """);
            assertThat(proxy.meters.find("edgeplane.proxy.upstream.requests").functionCounters()).isEmpty();
            assertThat(proxy.meters.find("edgeplane.proxy.upstream.active").gauges()).isEmpty();
        }
    }

    private static double answered(ProxyHarness proxy, String server) {
        FunctionCounter counter = proxy.meters.find("edgeplane.proxy.upstream.requests").tag("pool", "app")
                .tag("server", server).tag("outcome", "answered").functionCounter();
        assertThat(counter).as("answered requests of " + server).isNotNull();
        return counter.count();
    }
}
