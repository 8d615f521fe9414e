package io.edgeplane.proxy.server;

import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.config.proxy.ProxyConfig;
import io.edgeplane.config.proxy.RouteConfig;
import io.edgeplane.core.stats.Latency;
import io.edgeplane.core.stats.LatencyWindow;
import io.edgeplane.core.stats.RateSampler;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.observe.RequestObserver;
import io.edgeplane.proxy.stats.ListenerStats;
import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import io.edgeplane.proxy.stats.RouteStats;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StatusCounts;
import io.edgeplane.proxy.stats.Traffic;
import io.edgeplane.proxy.upstream.ServerStatus;
import io.edgeplane.proxy.upstream.UpstreamPool;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reads the running proxy into {@link ProxyStats}: what the stats page, its CSV and the admin API show.
 * Request rates come from a {@link RateSampler} and latency percentiles from a {@link LatencyWindow}, both
 * fed by {@link #sample()} once a second, so the request path pays nothing for them.
 */
final class ProxyStatsReader {

    private final Supplier<ProxyConfig> config;
    private final Supplier<Collection<ListenerHandle>> listeners;
    private final Supplier<Map<String, UpstreamPool>> pools;
    private final Clock clock;
    private final RateSampler rates = new RateSampler();
    private final LatencyWindow latencies = new LatencyWindow();
    private long samples;

    ProxyStatsReader(Supplier<ProxyConfig> config, Supplier<Collection<ListenerHandle>> listeners,
                     Supplier<Map<String, UpstreamPool>> pools, Clock clock) {
        this.config = config;
        this.listeners = listeners;
        this.pools = pools;
        this.clock = clock;
    }

    /** Takes one sample of every request count; call once a second. */
    void sample() {
        rates.sample(this::totals);
        if (samples++ % LatencyWindow.STEP == 0) {
            latencies.sample(timers());
        }
    }

    /** Every listener's, route's, pool's and server's timers, by the key its stats are sampled under. */
    private Map<String, List<Timer>> timers() {
        Map<String, List<Timer>> timers = new HashMap<>();
        for (ListenerHandle handle : listeners.get()) {
            RequestObserver observer = handle.runtime().observer();
            List<Timer> all = new ArrayList<>();
            all.add(observer.traffic(-1).duration());
            List<String> routes = observer.routeNames();
            for (int i = 0; i < routes.size(); i++) {
                Timer route = observer.traffic(i).duration();
                timers.put(routeKey(handle.name(), routes.get(i)), List.of(route));
                all.add(route);
            }
            timers.put(listenerKey(handle.name()), all);
        }
        pools.get().forEach((name, pool) -> {
            List<Timer> all = new ArrayList<>();
            for (UpstreamServer server : pool.servers().list()) {
                pool.meters().responseTime(server).ifPresent(timer -> {
                    timers.put(serverKey(name, server), List.of(timer));
                    all.add(timer);
                });
            }
            timers.put(poolKey(name), all);
        });
        return timers;
    }

    private void totals(BiConsumer<String, Long> sink) {
        for (ListenerHandle handle : listeners.get()) {
            RequestObserver observer = handle.runtime().observer();
            long all = observer.traffic(-1).statuses().total();
            List<String> routes = observer.routeNames();
            for (int i = 0; i < routes.size(); i++) {
                long requests = observer.traffic(i).statuses().total();
                sink.accept(routeKey(handle.name(), routes.get(i)), requests);
                all += requests;
            }
            sink.accept(listenerKey(handle.name()), all);
        }
        pools.get().forEach((name, pool) -> {
            long all = 0;
            for (UpstreamServer server : pool.servers().list()) {
                long requests = answers(server).total();
                sink.accept(serverKey(name, server), requests);
                all += requests;
            }
            sink.accept(poolKey(name), all);
        });
    }

    ProxyStats read() {
        ProxyConfig current = config.get();
        List<ListenerStats> listenerStats = new ArrayList<>();
        List<ListenerHandle> handles = new ArrayList<>(listeners.get());
        handles.sort(Comparator.comparingInt(handle -> order(current, handle.name())));
        for (ListenerHandle handle : handles) {
            listenerStats.add(listener(handle, current));
        }
        List<PoolStats> poolStats = pools.get().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> pool(entry.getKey(), entry.getValue()))
                .toList();
        return new ProxyStats(clock.instant(), listenerStats, poolStats);
    }

    /** One pool's stats, now. */
    PoolStats pool(String name, UpstreamPool pool) {
        List<ServerStats> servers = new ArrayList<>();
        List<Timer> timers = new ArrayList<>();
        long[] sums = new long[9];
        int available = 0;
        int active = 0;
        int maxActive = 0;
        for (ServerStatus status : pool.servers().statuses()) {
            UpstreamServer server = status.server();
            ServerStats stats = server(name, pool, status);
            servers.add(stats);
            pool.meters().responseTime(server).ifPresent(timers::add);
            add(sums, stats.traffic());
            available += server.available() ? 1 : 0;
            active += server.active();
            maxActive = Math.max(maxActive, server.maxActive());
        }
        Traffic traffic = traffic(sums, rates.rate(poolKey(name)), latencies.percentiles(poolKey(name), timers));
        return new PoolStats(name, pool.config().balance().name().toLowerCase(Locale.ROOT), available, active,
                maxActive, pool.meters().retries(), traffic, servers);
    }

    private ServerStats server(String pool, UpstreamPool upstream, ServerStatus status) {
        UpstreamServer server = status.server();
        StatusCounts answers = answers(server);
        Latency latency = upstream.meters().responseTime(server)
                .map(timer -> latencies.percentiles(serverKey(pool, server), List.of(timer)))
                .orElse(Latency.NONE);
        Traffic traffic = new Traffic(answers.total(), rates.rate(serverKey(pool, server)), answers, server.bytesSent(),
                server.bytesReceived(), latency);
        return new ServerStats(server.addressText(), status.state(), server.backup(), server.weight(),
                server.configuredWeight(), server.active(), server.maxActive(), server.failures(), status.ejections(),
                traffic, status.lastCheck(), status.lastChange(), status.history());
    }

    private ListenerStats listener(ListenerHandle handle, ProxyConfig current) {
        ListenerRuntime runtime = handle.runtime();
        RequestObserver observer = runtime.observer();
        ListenerConfig listenerConfig = current == null ? null : current.listeners().stream()
                .filter(l -> l.name().equals(handle.name())).findFirst().orElse(null);
        List<String> names = observer.routeNames();
        List<RouteStats> routes = new ArrayList<>();
        List<Timer> timers = new ArrayList<>();
        long[] sums = new long[9];
        for (int i = -1; i < names.size(); i++) {
            RequestObserver.RouteTraffic counts = observer.traffic(i);
            timers.add(counts.duration());
            Traffic traffic = new Traffic(counts.statuses().total(),
                    i < 0 ? 0 : rates.rate(routeKey(handle.name(), names.get(i))), counts.statuses(), counts.bytesIn(),
                    counts.bytesOut(), i < 0 ? Latency.NONE
                            : latencies.percentiles(routeKey(handle.name(), names.get(i)), List.of(counts.duration())));
            add(sums, traffic);
            if (i >= 0) {
                routes.add(new RouteStats(names.get(i), action(listenerConfig, i), traffic));
            }
        }
        List<String> addresses = handle.sockets().stream().map(Channel::localAddress)
                .map(address -> address instanceof InetSocketAddress inet
                        ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address))
                .toList();
        int limit = runtime.limits().maxConnections();
        return new ListenerStats(handle.name(), addresses, runtime.tls().isPresent(), handle.connections(),
                handle.maxConnections(), limit == Integer.MAX_VALUE ? 0 : limit,
                traffic(sums, rates.rate(listenerKey(handle.name())), latencies.percentiles(listenerKey(handle.name()), timers)),
                routes);
    }

    private static String action(ListenerConfig listener, int route) {
        if (listener == null || route >= listener.routes().size()) {
            return "-";
        }
        RouteConfig config = listener.routes().get(route);
        return config.upstream().map(pool -> "upstream " + pool).orElseGet(() -> String.join(" ", config.actions()));
    }

    private static int order(ProxyConfig config, String listener) {
        if (config == null) {
            return 0;
        }
        for (int i = 0; i < config.listeners().size(); i++) {
            if (config.listeners().get(i).name().equals(listener)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static StatusCounts answers(UpstreamServer server) {
        return new StatusCounts(server.answers(1), server.answers(2), server.answers(3), server.answers(4),
                server.answers(5), server.answers(0) + server.failures());
    }

    private static void add(long[] sums, Traffic traffic) {
        StatusCounts s = traffic.statuses();
        sums[0] += s.informational();
        sums[1] += s.success();
        sums[2] += s.redirection();
        sums[3] += s.clientError();
        sums[4] += s.serverError();
        sums[5] += s.other();
        sums[6] += traffic.bytesIn();
        sums[7] += traffic.bytesOut();
    }

    private static Traffic traffic(long[] sums, double rate, Latency latency) {
        StatusCounts statuses = new StatusCounts(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
        return new Traffic(statuses.total(), rate, statuses, sums[6], sums[7], latency);
    }

    private static String listenerKey(String listener) {
        return "l/" + listener;
    }

    private static String routeKey(String listener, String route) {
        return "r/" + listener + "/" + route;
    }

    private static String poolKey(String pool) {
        return "p/" + pool;
    }

    private static String serverKey(String pool, UpstreamServer server) {
        return "s/" + pool + "/" + server.addressText();
    }
}
