package io.edgeplane.proxy.stats;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The proxy's state and counters at one moment.
 *
 * @param at        when this was taken
 * @param listeners every listener, in config order
 * @param pools     every upstream pool, by name order
 */
public record ProxyStats(Instant at, List<ListenerStats> listeners, List<PoolStats> pools) {

    public ProxyStats {
        Objects.requireNonNull(at, "at");
        listeners = List.copyOf(listeners);
        pools = List.copyOf(pools);
    }
}
