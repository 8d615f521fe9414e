package io.edgeplane.proxy.server;

import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.tls.TlsListeners;
import io.edgeplane.proxy.upstream.AdminState;
import io.edgeplane.proxy.upstream.ServerStatus;
import io.edgeplane.proxy.upstream.UpstreamPool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What an operator may read and change in the running proxy at runtime, HAProxy's runtime API in spirit:
 * the stats, a server's state and weight, fresh lookups of the servers' names, and the certificates read
 * again. A server's state and weight last until the process stops, across reloads that keep the server.
 */
public final class ProxyControl {

    private final ProxyStatsReader stats;
    private final Supplier<Map<String, UpstreamPool>> pools;
    private final TlsListeners tls;

    ProxyControl(ProxyStatsReader stats, Supplier<Map<String, UpstreamPool>> pools, TlsListeners tls) {
        this.stats = stats;
        this.pools = pools;
        this.tls = tls;
    }

    /** Every listener, route, pool and server with its state and counters, now. */
    public ProxyStats stats() {
        return stats.read();
    }

    /** One pool's stats, if there is a pool of that name. */
    public Optional<PoolStats> pool(String name) {
        return Optional.ofNullable(pools.get().get(name)).map(pool -> stats.pool(name, pool));
    }

    /**
     * Sets a server's state, weight or both.
     *
     * @param who who asks, for the server's history and the log ({@code "admin api (alice from 10.0.0.7)"})
     * @return the server's stats after the change
     * @throws NoSuchElementException   if there is no such pool or server
     * @throws IllegalArgumentException if the weight is outside 1..1000
     */
    public ServerStats setServer(String pool, String server, Optional<AdminState> state, OptionalInt weight, String who) {
        UpstreamPool upstream = pools.get().get(pool);
        if (upstream == null) {
            throw new NoSuchElementException("no upstream pool is named '" + pool + "'; there are: "
                    + String.join(", ", new TreeMap<>(pools.get()).keySet()));
        }
        ServerStatus status = upstream.servers().status(server).orElseThrow(() -> new NoSuchElementException(
                "pool " + pool + " has no server " + server + "; it has: " + String.join(", ",
                        upstream.servers().statuses().stream().map(s -> s.server().addressText()).toList())));
        if (weight.isPresent()) {
            upstream.servers().setWeight(status.server(), weight.getAsInt());
        }
        state.ifPresent(next -> status.setAdmin(next, who));
        return stats.pool(pool, upstream).servers().get(status.server().index());
    }

    /** Looks every upstream server name up again now; returns by pool how many names each has. */
    public Map<String, Integer> refreshNames() {
        Map<String, Integer> refreshed = new TreeMap<>();
        pools.get().forEach((name, pool) -> refreshed.put(name, pool.refreshNames()));
        return refreshed;
    }

    /**
     * Reads every certificate, key and CA file again, now: the listeners' and the upstream pools'. Files that
     * cannot be used leave the ones in use in place.
     *
     * @return by {@code listener <name>} or {@code upstream <name>}: empty if its files are in use, else why not
     */
    public Map<String, Optional<String>> reloadCertificates() {
        Map<String, Optional<String>> outcome = new LinkedHashMap<>();
        tls.reloadAll().forEach((name, result) -> outcome.put("listener " + name, result));
        new TreeMap<>(pools.get()).forEach((name, pool) -> pool.reloadTls()
                .ifPresent(result -> outcome.put("upstream " + name, result)));
        return outcome;
    }
}
