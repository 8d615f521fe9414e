package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StateChange;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Passive checks: a server that fails real requests in a row is ejected for a while that grows with each
 * ejection, requests meanwhile go to the others, and no more than the cap of a pool is ever ejected.
 */
class OutlierDetectionTest {

    static String config(String servers, String outliers) {
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
                      timeouts: { connect: 500ms, response: 2s }
                      outlier_detection: %s
                """.formatted(servers, outliers);
    }

    static ServerStats server(ProxyHarness proxy, String address) {
        PoolStats pool = proxy.service.control().pool("app").orElseThrow();
        return pool.servers().stream().filter(s -> s.name().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void aServerRefusingConnectionsIsEjectedForGrowingPeriodsWhileRequestsSucceed() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             ProxyHarness proxy = new ProxyHarness(config("{ address: %s }, { address: 127.0.0.1:1 }".formatted(a.address()),
                     "{ consecutive_failures: 2, base_ejection_time: 300ms, max_ejection_time: 5s }"))) {
            for (int i = 0; i < 6; i++) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            }
            ServerStats dead = server(proxy, "127.0.0.1:1");
            assertThat(dead.state()).isEqualTo(ServerState.EJECTED);
            assertThat(dead.ejections()).isEqualTo(1);
            assertThat(dead.history()).last().extracting(StateChange::reason).asString()
                    .contains("2 failed attempts in a row").contains("300ms");
            assertThat(proxy.meters.get("edgeplane.proxy.upstream.up").tags("server", "127.0.0.1:1").gauge().value()).isZero();
            int failuresWhileEjected = (int) dead.failures();
            for (int i = 0; i < 10; i++) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            }
            assertThat(server(proxy, "127.0.0.1:1").failures()).isEqualTo(failuresWhileEjected);

            // Readmitted after 300ms, it fails again at once: ejected anew, for twice as long.
            HealthCheckTest.await(() -> server(proxy, "127.0.0.1:1").state() == ServerState.UP, Duration.ofSeconds(3));
            HealthCheckTest.await(() -> {
                try {
                    assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return server(proxy, "127.0.0.1:1").ejections() == 2;
            }, Duration.ofSeconds(3));
            assertThat(server(proxy, "127.0.0.1:1").history()).last().extracting(StateChange::reason).asString()
                    .contains("600ms");
            assertThat(proxy.meters.get("edgeplane.proxy.upstream.ejections").tags("server", "127.0.0.1:1")
                    .functionCounter().count()).isEqualTo(2.0);
        }
    }

    @Test
    void fiveXxInARowEjectButNeverMoreThanTheCap() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             TestUpstream b = new TestUpstream("b");
             ProxyHarness proxy = new ProxyHarness(config("{ address: %s }, { address: %s }".formatted(a.address(), b.address()),
                     "{ consecutive_server_errors: 3, consecutive_failures: 0, base_ejection_time: 10s, max_ejected_percent: 50 }"))) {
            for (int i = 0; i < 20; i++) {
                // A 5xx is an answer, not a failed attempt: passed on, not retried.
                assertThat(proxy.get("/status/502").statusCode()).isEqualTo(502);
            }
            PoolStats pool = proxy.service.control().pool("app").orElseThrow();
            assertThat(pool.servers()).extracting(ServerStats::state)
                    .containsExactlyInAnyOrder(ServerState.EJECTED, ServerState.UP);
            assertThat(pool.available()).isEqualTo(1);
            ServerStats up = pool.servers().stream().filter(s -> s.state() == ServerState.UP).findFirst().orElseThrow();
            assertThat(up.traffic().statuses().serverError()).isGreaterThanOrEqualTo(10);
            // A good answer ends a run: the server left in keeps serving.
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
        }
    }
}
