package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.edgeplane.gateway.vrrp.FailoverFigures.Event;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The scenario 5 with edgeplane's built-in tracker in place of a script: node 1 (edgeplane, priority 150)
 * tracks its own proxy's upstream pool ({@code track: [{ pool: app, weight: -60 }]}, the seed's
 * {@code check_haproxy.sh} as one line of config). When the pool's only server stops answering its health checks
 * node 1 falls to 90, below node 2's 100 (keepalived), and the VIP moves; when the server is back it moves back.
 * VRRPv3 over IPv6, 100 ms adverts. The upstream is an HTTP server of this test inside node 1's namespace.
 */
class VrrpProxyTrackerIT {

    private static final int UPSTREAM_PORT = 18081;
    private static final Duration HEALTH_INTERVAL = Duration.ofMillis(100);

    private VrrpPair pair;
    private HttpServer upstream;

    @AfterEach
    void tearDown() throws Exception {
        if (upstream != null) {
            upstream.stop(0);
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aFailingUpstreamPoolMovesTheVipAndItsRecoveryMovesItBack(TestInfo info) throws Exception {
        Interop.requireRoot();
        Interop.requireIp();
        Pairing pairing = new Pairing(VrrpImplementation.EDGEPLANE, VrrpImplementation.KEEPALIVED);
        pairing.requireAvailable();
        Path dir = VrrpPair.directory(info);
        Topology topology = Topology.create(2);
        try {
            VrrpNode n1 = new EdgeplaneNode(topology.node(1), VrrpInstanceSpec.v3(VrrpInteropIT.HIGH), dir,
                    VrrpProxyTrackerIT::withPoolTracker);
            VrrpNode n2 = VrrpImplementation.KEEPALIVED.create(topology.node(2), VrrpInstanceSpec.v3(VrrpInteropIT.LOW), dir);
            pair = VrrpPair.of(pairing, topology, dir, n1, n2);
        } catch (Exception | Error e) {
            topology.close();
            throw e;
        }
        upstream = serve(topology.node(1));
        pair.n1.start();
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());
        pair.n2.start();
        Thread.sleep(pair.n2.spec().masterDownInterval().toMillis());
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());

        // One failed health check marks the server down, the pool has none left, the tracker's fall is 1.
        Duration move = HEALTH_INTERVAL.multipliedBy(2).plus(Duration.ofSeconds(1)) // the tracker polls once a second
                .plus(pair.n2.spec().masterDownInterval()).plus(Duration.ofSeconds(1));
        try (GapProbe probe = GapProbe.start(pair.topology, pair.vip())) {
            assertThat(probe.awaitReplies(20, Duration.ofSeconds(3))).as("replies from the VIP before%n%s", pair.logs())
                    .isTrue();
            upstream.stop(0);
            upstream = null;
            pair.awaitSoleHolder(pair.n2, move);
            assertThat(probe.awaitReplies(20, Duration.ofSeconds(3))).as("replies from the VIP after%n%s", pair.logs())
                    .isTrue();
            FailoverFigures.record(pairing, pair.n2.spec(), Event.UPSTREAM_POOL_FAILS, probe.finish(), Optional.empty());
        }
        upstream = serve(topology.node(1));
        pair.awaitSoleHolder(pair.n1, move);
    }

    /** Node 1's config with a proxy whose pool {@code app} has the test's server, and the pool tracked. */
    private static String withPoolTracker(String config) {
        String tracked = config.replace("      virtual_ips:\n",
                "      track: [{ pool: app, weight: -60, fall: 1, rise: 1 }]\n      virtual_ips:\n");
        assertThat(tracked).as("the rendered config has virtual_ips to put the tracker before").isNotEqualTo(config);
        return tracked + """

                proxy:
                  listeners:
                    - name: public
                      listen: [127.0.0.1:18080]
                      routes: [{ name: site, upstream: app }]
                  upstreams:
                    app:
                      servers: [{ address: 127.0.0.1:%d }]
                      health: { interval: %dms, timeout: 50ms, fall: 1, rise: 1 }
                """.formatted(UPSTREAM_PORT, HEALTH_INTERVAL.toMillis());
    }

    /** An HTTP server answering 200 on 127.0.0.1 inside {@code member}'s namespace. */
    private static HttpServer serve(Topology.Member member) throws Exception {
        return member.namespace().call(() -> {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", UPSTREAM_PORT), 16);
            server.createContext("/", exchange -> {
                byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        });
    }
}
