package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.upstream.AdminState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An operator's say over servers through {@link ProxyControl}: drain moves new requests away while those
 * open finish, maint takes a server out, ready brings it back, a weight shifts the shares, and all of it
 * outlives a reload that rebuilds the pool.
 */
class ServerControlTest {

    static String config(String servers) {
        return """
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      routes: [{ upstream: app }]
                  upstreams:
                    app:
                      servers: [%s]
                      timeouts: { response: 5s }
                """.formatted(servers);
    }

    static ServerStats server(ProxyHarness proxy, TestUpstream upstream) {
        PoolStats pool = proxy.service.control().pool("app").orElseThrow();
        return pool.servers().stream().filter(s -> s.name().equals(upstream.address())).findFirst().orElseThrow();
    }

    @Test
    void drainingMovesNewRequestsAwayWhileOpenOnesFinish() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             TestUpstream b = new TestUpstream("b");
             ProxyHarness proxy = new ProxyHarness(config("{ address: %s }, { address: %s }".formatted(a.address(), b.address())))) {
            // Round robin: of four slow requests, two are open on each server.
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return proxy.get("/slow?ms=1500");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, proxy.blocking));
            }
            HealthCheckTest.await(() -> server(proxy, a).active() + server(proxy, b).active() == 4, Duration.ofSeconds(5));
            // Counted active when picked, a request may still be on its way: wait until the servers have all four.
            HealthCheckTest.await(() -> a.requests.get() + b.requests.get() == 4, Duration.ofSeconds(5));
            int openOnA = server(proxy, a).active();
            assertThat(openOnA).isPositive();

            ServerStats drained = proxy.service.control().setServer("app", a.address(), Optional.of(AdminState.DRAIN),
                    OptionalInt.empty(), "test");
            assertThat(drained.state()).isEqualTo(ServerState.DRAIN);
            assertThat(drained.active()).isEqualTo(openOnA);
            int aBefore = a.requests.get();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = proxy.get("/echo");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("upstream=b");
            }
            assertThat(a.requests.get()).isEqualTo(aBefore);
            // The requests open on a when it was drained are answered by a, in full.
            for (CompletableFuture<HttpResponse<String>> request : slow) {
                assertThat(request.join().statusCode()).isEqualTo(200);
            }
            assertThat(slow.stream().filter(r -> r.join().body().equals("a\n")).count()).isEqualTo(openOnA);
            assertThat(server(proxy, a).active()).isZero();
            assertThat(server(proxy, a).history()).last().satisfies(change -> {
                assertThat(change.from()).isEqualTo(ServerState.UP);
                assertThat(change.to()).isEqualTo(ServerState.DRAIN);
                assertThat(change.reason()).contains("drain").contains("test");
            });
            assertThat(proxy.meters.get("edgeplane.proxy.upstream.state").tags("server", a.address(), "state", "DRAIN")
                    .gauge().value()).isEqualTo(1.0);
            assertThat(proxy.meters.get("edgeplane.proxy.upstream.state.changes").tags("server", a.address(), "to", "DRAIN")
                    .counter().count()).isEqualTo(1.0);

            proxy.service.control().setServer("app", a.address(), Optional.of(AdminState.READY), OptionalInt.empty(), "test");
            assertThat(server(proxy, a).state()).isEqualTo(ServerState.UP);
            HealthCheckTest.await(() -> {
                try {
                    return proxy.get("/echo").body().contains("upstream=a");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(5));
        }
    }

    @Test
    void maintenanceTakesTheServerOutAndALonePoolAnswers503() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             ProxyHarness proxy = new ProxyHarness(config("{ address: %s }".formatted(a.address())))) {
            proxy.service.control().setServer("app", a.address(), Optional.of(AdminState.MAINT), OptionalInt.empty(), "test");
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(503);
            assertThat(server(proxy, a).state()).isEqualTo(ServerState.MAINT);
            proxy.service.control().setServer("app", a.address(), Optional.of(AdminState.READY), OptionalInt.empty(), "test");
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWeightShiftsTheSharesAndBadNamesAndWeightsAreRefused() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             TestUpstream b = new TestUpstream("b");
             ProxyHarness proxy = new ProxyHarness(config("{ address: %s }, { address: %s }".formatted(a.address(), b.address())))) {
            ServerStats weighted = proxy.service.control().setServer("app", a.address(), Optional.empty(), OptionalInt.of(3), "test");
            assertThat(weighted.weight()).isEqualTo(3);
            assertThat(weighted.configuredWeight()).isEqualTo(1);
            for (int i = 0; i < 40; i++) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            }
            // Smooth weighted round robin over whole periods of 4: exactly 3 to 1.
            assertThat(a.requests.get()).isEqualTo(30);
            assertThat(b.requests.get()).isEqualTo(10);
            assertThat(proxy.meters.get("edgeplane.proxy.upstream.weight").tags("server", a.address()).gauge().value())
                    .isEqualTo(3.0);

            ProxyControl control = proxy.service.control();
            assertThatThrownBy(() -> control.setServer("nope", a.address(), Optional.of(AdminState.DRAIN), OptionalInt.empty(), "t"))
                    .isInstanceOf(NoSuchElementException.class).hasMessageContaining("app");
            assertThatThrownBy(() -> control.setServer("app", "127.0.0.1:1", Optional.of(AdminState.DRAIN), OptionalInt.empty(), "t"))
                    .isInstanceOf(NoSuchElementException.class).hasMessageContaining(a.address());
            assertThatThrownBy(() -> control.setServer("app", a.address(), Optional.empty(), OptionalInt.of(0), "t"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void statesAndWeightsOutliveAReloadThatRebuildsThePool() throws Exception {
        try (TestUpstream a = new TestUpstream("a");
             TestUpstream b = new TestUpstream("b");
             TestUpstream c = new TestUpstream("c");
             ProxyHarness proxy = new ProxyHarness(config("{ address: %s }, { address: %s }".formatted(a.address(), b.address())))) {
            proxy.service.control().setServer("app", a.address(), Optional.of(AdminState.DRAIN), OptionalInt.empty(), "test");
            proxy.service.control().setServer("app", b.address(), Optional.empty(), OptionalInt.of(7), "test");

            proxy.apply(config("{ address: %s }, { address: %s }, { address: %s }".formatted(a.address(), b.address(), c.address())));

            assertThat(server(proxy, a).state()).isEqualTo(ServerState.DRAIN);
            assertThat(server(proxy, a).history()).extracting(change -> change.to()).containsExactly(ServerState.DRAIN);
            assertThat(server(proxy, b).weight()).isEqualTo(7);
            assertThat(server(proxy, c).state()).isEqualTo(ServerState.UP);
            for (int i = 0; i < 10; i++) {
                assertThat(proxy.get("/echo").body()).doesNotContain("upstream=a");
            }
            assertThat(a.requests.get()).isZero();

            // A weight changed in the config wins over the one an operator set for the old weight.
            proxy.apply(config("{ address: %s }, { address: %s, weight: 2 }".formatted(a.address(), b.address())));
            assertThat(server(proxy, b).weight()).isEqualTo(2);
            assertThat(server(proxy, a).state()).isEqualTo(ServerState.DRAIN);
        }
    }
}
