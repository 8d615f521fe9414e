package io.edgeplane.proxy.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted random draws over one tier's servers: running weight sums, searched in O(log n). Draws that
 * land on a server that can't be picked are retried a few times; past that, most of the weight is down
 * or excluded, and one exact draw over the pickable servers' weights replaces further luck.
 */
final class CumulativeWeights {

    /** Enough that losing a few servers rarely reaches the linear fallback, few enough to bound a pick. */
    static final int DRAW_ATTEMPTS = 8;

    private final UpstreamServer[] servers;
    /** {@code upTo[i]} is the sum of the weights of servers 0..i. */
    private final long[] upTo;

    CumulativeWeights(UpstreamServer[] servers) {
        this.servers = servers;
        this.upTo = new long[servers.length];
        long sum = 0;
        for (int i = 0; i < servers.length; i++) {
            sum += servers[i].weight();
            upTo[i] = sum;
        }
    }

    int size() {
        return servers.length;
    }

    UpstreamServer server(int i) {
        return servers[i];
    }

    /**
     * A pickable server's position drawn with probability proportional to its weight among the pickable
     * servers, other than the one at {@code skip} (-1 for none); -1 when there is none.
     */
    int drawPickable(ThreadLocalRandom random, long excluded, int skip) {
        int n = servers.length;
        if (n == 0) {
            return -1;
        }
        long total = upTo[n - 1];
        for (int attempt = 0; attempt < DRAW_ATTEMPTS; attempt++) {
            int i = positionOf(below(random, total));
            if (i != skip && ServerTiers.pickable(servers[i], excluded)) {
                return i;
            }
        }
        return drawAmongPickable(random, excluded, skip);
    }

    /**
     * A random value in [0, bound): the high half of a 64 × 64-bit product, Lemire's multiply-shift, which
     * skips {@code nextLong(bound)}'s division; its bias, at most bound / 2^64, is far below anything a
     * weight can express.
     */
    private static long below(ThreadLocalRandom random, long bound) {
        return Math.unsignedMultiplyHigh(random.nextLong(), bound);
    }

    /** The first position whose running sum exceeds {@code point}, a value in [0, total weight). */
    private int positionOf(long point) {
        int low = 0;
        int high = upTo.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (upTo[mid] > point) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** Two passes: one sums the pickable weight, one walks to the drawn point within it. */
    private int drawAmongPickable(ThreadLocalRandom random, long excluded, int skip) {
        long pickableWeight = 0;
        for (int i = 0; i < servers.length; i++) {
            if (i != skip && ServerTiers.pickable(servers[i], excluded)) {
                pickableWeight += servers[i].weight();
            }
        }
        if (pickableWeight == 0) {
            return -1;
        }
        long point = below(random, pickableWeight);
        int last = -1;
        for (int i = 0; i < servers.length; i++) {
            // Availability can flip between the passes; then the last pickable one seen takes the draw.
            if (i != skip && ServerTiers.pickable(servers[i], excluded)) {
                last = i;
                point -= servers[i].weight();
                if (point < 0) {
                    return i;
                }
            }
        }
        return last;
    }
}
