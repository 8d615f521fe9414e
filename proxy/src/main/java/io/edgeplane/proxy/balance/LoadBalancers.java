package io.edgeplane.proxy.balance;

import io.edgeplane.config.proxy.UpstreamConfig;
import java.util.List;
import java.util.Objects;

/** Builds the balancer for a configured policy. */
public final class LoadBalancers {

    private LoadBalancers() {
    }

    /**
     * @param servers the pool, in index order (each server's index is its position)
     * @throws IllegalArgumentException if the pool is empty or out of index order
     */
    public static LoadBalancer create(UpstreamConfig.Balance policy, List<UpstreamServer> servers) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(servers, "servers");
        return switch (policy) {
            case ROUND_ROBIN -> new RoundRobinBalancer(servers);
            case LEAST_CONN -> new LeastConnectionsBalancer(servers);
            case P2C -> new PowerOfTwoChoicesBalancer(servers);
            case RANDOM -> new RandomBalancer(servers);
            case HASH -> new RingHashBalancer(servers);
            case MAGLEV -> new MaglevBalancer(servers);
        };
    }
}
