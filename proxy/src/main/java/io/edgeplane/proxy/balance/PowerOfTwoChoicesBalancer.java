package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices: draw two different servers at random (weighted) and send the request to the one
 * with fewer requests in flight relative to its weight. Nearly as even as least connections, but it
 * reads two counters instead of all of them and shares nothing between threads, and since event loops
 * see slightly stale counts it doesn't herd them all onto the one least loaded server.
 */
public final class PowerOfTwoChoicesBalancer extends TieredBalancer {

    public PowerOfTwoChoicesBalancer(List<UpstreamServer> servers) {
        super(servers, tier -> {
            CumulativeWeights weights = new CumulativeWeights(tier);
            return (key, excluded) -> pick(weights, ThreadLocalRandom.current(), excluded);
        });
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
}
