package io.edgeplane.proxy.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Consistent hashing on a ring, ketama style (nginx's {@code hash ... consistent}, HAProxy's
 * {@code hash-type consistent}): each server owns {@value #POINTS_PER_WEIGHT} points per unit of weight
 * at pseudo-random places on a 64-bit ring, and a key goes to the owner of the first point at or after
 * its hash. A server that goes down hands only its own keys to the servers after its points; every
 * other key stays where it was.
 */
public final class RingHashBalancer extends TieredBalancer {

    /** ketama's figure: enough points that four equal servers' shares stay within a few percent. */
    static final int POINTS_PER_WEIGHT = 160;
    /** Past this the ring is scaled down; it bounds memory (12 bytes a point) and a binary search's depth. */
    static final int MAX_POINTS = 100_000;

    public RingHashBalancer(List<UpstreamServer> servers) {
        super(servers, Ring::new);
    }

    @Override
    long key(long hash) {
        return RequestHashes.mix(hash);
    }

    /** One tier's ring: point hashes in ascending (signed) order and each point's owner. */
    private static final class Ring implements Tier {

        private final UpstreamServer[] servers;
        private final long[] points;
        private final int[] owners;

        Ring(UpstreamServer[] servers) {
            this.servers = servers;
            long totalWeight = 0;
            for (UpstreamServer server : servers) {
                totalWeight += server.weight();
            }
            double scale = Math.min(1.0, (double) MAX_POINTS / (POINTS_PER_WEIGHT * Math.max(1, totalWeight)));
            String[] keys = ServerKeys.of(servers);
            List<Point> ring = new ArrayList<>();
            for (int s = 0; s < servers.length; s++) {
                long count = Math.max(1, Math.round(POINTS_PER_WEIGHT * servers[s].weight() * scale));
                for (int i = 0; i < count; i++) {
                    ring.add(new Point(RequestHashes.of(keys[s] + "#" + i), s));
                }
            }
            // Owner breaks ties between equal hashes, so the ring doesn't depend on insertion order.
            ring.sort(Comparator.comparingLong(Point::hash).thenComparingInt(Point::owner));
            this.points = new long[ring.size()];
            this.owners = new int[ring.size()];
            for (int i = 0; i < ring.size(); i++) {
                points[i] = ring.get(i).hash();
                owners[i] = ring.get(i).owner();
            }
        }

        @Override
        public UpstreamServer pick(long key, long excluded) {
            int n = points.length;
            if (n == 0) {
                return null;
            }
            int position = firstAtOrAfter(key);
            UpstreamServer server = servers[owners[position]];
            if (ServerTiers.pickable(server, excluded)) {
                return server;
            }
            // Checked only after a miss; it spares walking the whole ring on every request while the
            // tier is down.
            if (!ServerTiers.anyPickable(servers, excluded)) {
                return null;
            }
            for (int step = 1; step < n; step++) {
                position = position + 1 == n ? 0 : position + 1;
                server = servers[owners[position]];
                if (ServerTiers.pickable(server, excluded)) {
                    return server;
                }
            }
            return null;
        }

        /** The first point at or after the key, wrapping past the largest to the smallest. */
        private int firstAtOrAfter(long key) {
            int low = 0;
            int high = points.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (points[mid] < key) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low == points.length ? 0 : low;
        }

        private record Point(long hash, int owner) {
        }
    }
}
