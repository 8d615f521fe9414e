package io.edgeplane.gateway.stats;

import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.stats.Latency;
import io.edgeplane.proxy.stats.CheckResult;
import io.edgeplane.proxy.stats.ListenerStats;
import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import io.edgeplane.proxy.stats.RouteStats;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StateChange;
import io.edgeplane.proxy.stats.StatusCounts;
import io.edgeplane.proxy.stats.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A proxy as an operator might find it: two listeners, and two pools with a server in every state, one of
 * them ejected with a history.
 */
final class ProxyStatsFixture {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private ProxyStatsFixture() {
    }

    static ProxyStats proxy() {
        return new ProxyStats(NOW, List.of(publicListener(), internalListener()), List.of(apiPool(), webPool()));
    }

    static StatsPageModel model(ProxyStats proxy, boolean canWrite, Duration refresh) {
        Map<String, Health> services = new LinkedHashMap<>();
        services.put("proxy", Health.up("2 listeners, 2 pools"));
        services.put("dns", Health.down("no upstream resolver answers"));
        services.put("ntp", Health.up("synchronised to 10.0.0.53, offset 0.2 ms"));
        return new StatsPageModel("edge-1", "0.1.0", NOW, Duration.ofSeconds(4 * 86_400 + 2 * 3600 + 5),
                "/etc/edgeplane/edgeplane.yaml", NOW.minusSeconds(192), services, Optional.of(proxy), Optional.empty(), Optional.empty(),
                canWrite,
                refresh);
    }

    static StatsPageModel model(boolean canWrite) {
        return model(proxy(), canWrite, Duration.ofSeconds(5));
    }

    static Traffic traffic(long requests, double rate, StatusCounts statuses, long in, long out, Latency latency) {
        return new Traffic(requests, rate, statuses, in, out, latency);
    }

    static ListenerStats publicListener() {
        return new ListenerStats("public", List.of("0.0.0.0:443", "[::]:443"), true, 12, 40, 1000,
                traffic(10_500, 42.25, new StatusCounts(0, 10_000, 200, 250, 40, 10), 5_000_000, 1_258_291,
                        new Latency(12.34, 250.0)),
                List.of(new RouteStats("api", "upstream api",
                                traffic(9000, 40.0, new StatusCounts(0, 8700, 0, 250, 40, 10), 4_000_000, 1_000_000,
                                        new Latency(15.0, 260.5))),
                        new RouteStats("static", "files",
                                traffic(1500, 2.25, new StatusCounts(0, 1300, 200, 0, 0, 0), 1_000_000, 258_291,
                                        new Latency(0.4, 1.2)))));
    }

    static ListenerStats internalListener() {
        return new ListenerStats("internal", List.of("127.0.0.1:8080"), false, 0, 3, 0,
                traffic(7, 0.0, new StatusCounts(0, 7, 0, 0, 0, 0), 0, 700, Latency.NONE),
                List.of(new RouteStats("health", "respond",
                        traffic(7, 0.0, new StatusCounts(0, 7, 0, 0, 0, 0), 0, 700, Latency.NONE))));
    }

    /** Servers: one UP with a passing HTTP check, one DOWN, one EJECTED with a history, one UP backup. */
    static PoolStats apiPool() {
        ServerStats up = new ServerStats("10.0.0.1:8080", ServerState.UP, false, 100, 100, 3, 17, 0, 0,
                traffic(6000, 30.0, new StatusCounts(0, 5900, 0, 100, 0, 0), 3_000_000, 800_000,
                        new Latency(11.0, 90.0)),
                Optional.of(new CheckResult(true, "HTTP 200", NOW.minusSeconds(2), 4)), NOW.minusSeconds(7200),
                List.of());
        ServerStats down = new ServerStats("10.0.0.2:8080", ServerState.DOWN, false, 100, 100, 0, 9, 14, 0,
                traffic(2000, 0.0, new StatusCounts(0, 1900, 0, 50, 40, 10), 900_000, 150_000, Latency.NONE),
                Optional.of(new CheckResult(false, "connection refused", NOW.minusSeconds(1), 1)),
                NOW.minusSeconds(300), List.of(
                        new StateChange(NOW.minusSeconds(300), ServerState.UP, ServerState.DOWN,
                                "3 checks failed: connection refused")));
        ServerStats ejected = new ServerStats("10.0.0.3:8080", ServerState.EJECTED, false, 100, 100, 0, 8, 25, 2,
                traffic(1000, 0.0, new StatusCounts(0, 900, 0, 100, 0, 0), 100_000, 50_000, new Latency(30.0, 900.0)),
                Optional.of(new CheckResult(true, "HTTP 200", NOW.minusSeconds(3), 6)), NOW.minusSeconds(192),
                List.of(new StateChange(NOW.minusSeconds(3600), ServerState.UP, ServerState.EJECTED,
                                "5 consecutive failures: timed out"),
                        new StateChange(NOW.minusSeconds(3540), ServerState.EJECTED, ServerState.UP,
                                "ejection over after 60s"),
                        new StateChange(NOW.minusSeconds(192), ServerState.UP, ServerState.EJECTED,
                                "5 consecutive failures: connection reset")));
        ServerStats backup = new ServerStats("10.0.0.9:8080", ServerState.UP, true, 1, 1, 0, 0, 0, 0,
                traffic(0, 0.0, StatusCounts.NONE, 0, 0, Latency.NONE), Optional.empty(), NOW.minusSeconds(86_400),
                List.of());
        return new PoolStats("api", "least_connections", 2, 3, 20, 4,
                traffic(9000, 30.0, new StatusCounts(0, 8700, 0, 250, 40, 10), 4_000_000, 1_000_000,
                        new Latency(15.0, 260.5)),
                List.of(up, down, ejected, backup));
    }

    /** Servers: one draining at half its weight, one in maintenance. No server available. */
    static PoolStats webPool() {
        ServerStats drain = new ServerStats("web-1.internal:80", ServerState.DRAIN, false, 50, 100, 2, 5, 0, 0,
                traffic(300, 1.5, new StatusCounts(0, 300, 0, 0, 0, 0), 10_000, 2_000_000,
                        new Latency(2.0, 8.0)),
                Optional.of(new CheckResult(true, "connected", NOW.minusSeconds(4), 1)), NOW.minusSeconds(45),
                List.of(new StateChange(NOW.minusSeconds(45), ServerState.UP, ServerState.DRAIN,
                        "operator: drain")));
        ServerStats maint = new ServerStats("web-2.internal:80", ServerState.MAINT, false, 100, 100, 0, 4, 0, 0,
                traffic(200, 0.0, new StatusCounts(0, 200, 0, 0, 0, 0), 8_000, 1_000_000, Latency.NONE),
                Optional.of(new CheckResult(false, "timed out after 2s", NOW.minusSeconds(600), 2000)),
                NOW.minusSeconds(590), List.of(new StateChange(NOW.minusSeconds(590), ServerState.DOWN,
                        ServerState.MAINT, "operator: maint")));
        return new PoolStats("web", "round_robin", 0, 2, 9, 0,
                traffic(500, 1.5, new StatusCounts(0, 500, 0, 0, 0, 0), 18_000, 3_000_000, new Latency(2.0, 8.0)),
                List.of(drain, maint));
    }
}
