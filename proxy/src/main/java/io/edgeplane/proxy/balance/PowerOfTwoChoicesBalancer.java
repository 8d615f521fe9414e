package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices: draw two different servers at random (weighted) and send the request to the one
 * with fewer requests in flight relative to its weight. Nearly as even as least connections, but it
 * reads two counters instead of all of them and shares nothing between threads, and since event loops
 * see slightly stale counts it doesn't herd them all onto the one least loaded server.
 */
public final class PowerOfTwoChoicesBalancer implements LoadBalancer {

    private final List<UpstreamServer> servers;
    private final CumulativeWeights primaries;
    private final CumulativeWeights backups;

    public PowerOfTwoChoicesBalancer(List<UpstreamServer> servers) {
        ServerTiers tiers = ServerTiers.of(servers);
        this.servers = tiers.all();
        this.primaries = new CumulativeWeights(tiers.primaries());
        this.backups = new CumulativeWeights(tiers.backups());
    }

    @Override
    public UpstreamServer pick(long hash, long excluded) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        UpstreamServer server = pick(primaries, random, excluded);
        return server != null ? server : pick(backups, random, excluded);
    }

    private static UpstreamServer pick(CumulativeWeights tier, ThreadLocalRandom random, long excluded) {
        int first = tier.drawPickable(random, excluded, -1);
        if (first < 0) {
            return null;
        }
        int second = tier.drawPickable(random, excluded, first);
        if (second < 0) {
            return tier.server(first);
        }
        UpstreamServer a = tier.server(first);
        UpstreamServer b = tier.server(second);
        // On a tie the first draw wins; it is already weighted random, so ties keep the weighted shares.
        return ServerTiers.lessLoaded(b, a) ? b : a;
    }

    @Override
    public List<UpstreamServer> servers() {
        return servers;
    }
}
