package io.edgeplane.proxy.stats;

import java.util.List;
import java.util.Objects;

/**
 * One upstream pool.
 *
 * @param name       as configured
 * @param balance    its load-balancing policy
 * @param available  servers that can take new requests now
 * @param active     requests its servers serve now
 * @param maxActive  the most at once since it was built
 * @param retries    requests tried again on another server
 * @param traffic    the sum of its servers' traffic
 * @param servers    its servers, in config order
 */
public record PoolStats(String name, String balance, int available, int active, int maxActive, long retries,
                        Traffic traffic, List<ServerStats> servers) {

    public PoolStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(traffic, "traffic");
        servers = List.copyOf(servers);
    }
}
