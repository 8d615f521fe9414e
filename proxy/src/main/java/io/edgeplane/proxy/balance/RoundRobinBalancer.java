package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round robin, with nginx's distribution: weights 5, 1, 1 give a a b a c a a, the heavy
 * server's turns interleaved with the others' rather than in a burst.
 *
 * <p>nginx runs the smooth algorithm live, per worker, under the upstream lock. Here every event loop
 * shares one balancer, so the sequence of one period (the sum of the weights) is computed once and the
 * loops share only an atomic cursor into it: a pick is one {@code getAndIncrement} and an array read, and
 * every whole period hands out exactly the configured shares whatever the number of threads.
 */
public final class RoundRobinBalancer extends TieredBalancer {

    /** Longer periods are scaled down; this bounds both the table's memory and its build time. */
    static final int MAX_PERIOD = 10_000;

    public RoundRobinBalancer(List<UpstreamServer> servers) {
        super(servers, Sequence::new);
    }

    /** One tier's precomputed period and the cursor into it. */
    private static final class Sequence implements Tier {

        private final UpstreamServer[] servers;
        /** Indexes into {@link #servers}, one period of the smooth weighted order. */
        private final int[] order;
        private final AtomicLong cursor = new AtomicLong();

        Sequence(UpstreamServer[] servers) {
            this.servers = servers;
            this.order = smoothOrder(scaledWeights(servers));
        }

        @Override
        public UpstreamServer pick(long key, long excluded) {
            int period = order.length;
            if (period == 0) {
                return null;
            }
            long turn = cursor.getAndIncrement();
            int position = (int) Long.remainderUnsigned(turn, period);
            UpstreamServer server = servers[order[position]];
            if (ServerTiers.pickable(server, excluded)) {
                return server;
            }
            // Checked only after a miss, so the common path stays one read; it spares walking a whole
            // period on every request while the tier is down.
            if (!ServerTiers.anyPickable(servers, excluded)) {
                return null;
            }
            for (int step = 1; step < period; step++) {
                position = position + 1 == period ? 0 : position + 1;
                server = servers[order[position]];
                if (ServerTiers.pickable(server, excluded)) {
                    // Consume the turns walked past, as nginx's live algorithm would by leaving the down
                    // server out: otherwise all of its turns would go to whoever follows it in the
                    // sequence (a a b a c a a without a would give b five turns to c's two, not b c b c).
                    // One attempt only: if another pick moved the cursor meanwhile, it walks these
                    // entries itself.
                    cursor.compareAndSet(turn + 1, turn + 1 + step);
                    return server;
                }
            }
            return null;
        }

        /**
         * The weights, scaled down proportionally (each kept at least 1) when their sum exceeds
         * {@link #MAX_PERIOD}; exact proportions then give way to a table of bounded size.
         */
        private static int[] scaledWeights(UpstreamServer[] servers) {
            long sum = 0;
            for (UpstreamServer server : servers) {
                sum += server.weight();
            }
            int[] weights = new int[servers.length];
            for (int i = 0; i < servers.length; i++) {
                int weight = servers[i].weight();
                weights[i] = sum <= MAX_PERIOD ? weight : (int) Math.max(1, weight * MAX_PERIOD / sum);
            }
            return weights;
        }

        /**
         * nginx's smooth weighted round robin, run for one period: each turn every server's current weight
         * grows by its weight, the largest (first on ties) is picked and loses the total. After a period
         * every current weight is back to zero, so the period repeats exactly.
         */
        private static int[] smoothOrder(int[] weights) {
            int total = 0;
            for (int weight : weights) {
                total += weight;
            }
            int[] order = new int[total];
            long[] current = new long[weights.length];
            for (int turn = 0; turn < total; turn++) {
                int best = 0;
                for (int i = 0; i < weights.length; i++) {
                    current[i] += weights[i];
                    if (current[i] > current[best]) {
                        best = i;
                    }
                }
                current[best] -= total;
                order[turn] = best;
            }
            return order;
        }
    }
}
