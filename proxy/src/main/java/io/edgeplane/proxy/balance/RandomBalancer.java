package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted random: each server with probability proportional to its weight. It keeps no shared state at
 * all (each thread draws from its own {@link ThreadLocalRandom}), so it scales with event loops at the
 * cost of round robin's exact shares over short runs.
 */
public final class RandomBalancer extends TieredBalancer {

    public RandomBalancer(List<UpstreamServer> servers) {
        super(servers, tier -> {
            CumulativeWeights weights = new CumulativeWeights(tier);
            return (key, excluded) -> {
                int i = weights.drawPickable(ThreadLocalRandom.current(), excluded, -1);
                return i >= 0 ? weights.server(i) : null;
            };
        });
    }
}
