package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted random: each server with probability proportional to its weight. It keeps no shared state at
 * all (each thread draws from its own {@link ThreadLocalRandom}), so it scales with event loops at the
 * cost of round robin's exact shares over short runs.
 */
public final class RandomBalancer implements LoadBalancer {

    private final List<UpstreamServer> servers;
    private final CumulativeWeights primaries;
    private final CumulativeWeights backups;

    public RandomBalancer(List<UpstreamServer> servers) {
        ServerTiers tiers = ServerTiers.of(servers);
        this.servers = tiers.all();
        this.primaries = new CumulativeWeights(tiers.primaries());
        this.backups = new CumulativeWeights(tiers.backups());
    }

    @Override
    public UpstreamServer pick(long hash, long excluded) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int i = primaries.drawPickable(random, excluded, -1);
        if (i >= 0) {
            return primaries.server(i);
        }
        i = backups.drawPickable(random, excluded, -1);
        return i >= 0 ? backups.server(i) : null;
    }

    @Override
    public List<UpstreamServer> servers() {
        return servers;
    }
}
