package io.edgeplane.proxy.balance;

import java.util.Arrays;
import java.util.List;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size that every server
 * fills in turn, each along its own permutation of the slots, so each owns almost exactly its weighted
 * share of slots; a key goes to {@code table[hash mod size]}. Evener than a ring for the same memory and
 * a lookup is one array read instead of a binary search.
 *
 * <p>The table is built once, for every server, and not rebuilt when one goes down: a key whose slot
 * belongs to a server that can't be picked probes the following slots to the first one that can. So
 * keys of the servers still up never move, and a down server's keys spread over the others (neighbouring
 * slots belong to unrelated servers), each key always to the same fallback.
 */
public final class MaglevBalancer extends TieredBalancer {

    /** Envoy's default size; the paper wants at least 100 slots per server to keep shares within ~1%. */
    static final int DEFAULT_TABLE_SIZE = 65_537;
    static final int SLOTS_PER_SERVER = 100;

    public MaglevBalancer(List<UpstreamServer> servers) {
        super(servers, Table::new);
    }

    @Override
    long key(long hash) {
        return RequestHashes.mix(hash);
    }

    /** The table size for a tier: the default, or the first prime giving each server enough slots. */
    static int tableSize(int serverCount) {
        long wanted = (long) SLOTS_PER_SERVER * serverCount;
        if (wanted <= DEFAULT_TABLE_SIZE) {
            return DEFAULT_TABLE_SIZE;
        }
        if (wanted > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a Maglev pool of " + serverCount + " servers is too large");
        }
        int size = (int) wanted | 1;
        while (!isPrime(size)) {
            size += 2;
        }
        return size;
    }

    private static boolean isPrime(int n) {
        if (n < 2 || n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** One tier's lookup table: each slot holds a position in {@link #servers}. */
    private static final class Table implements Tier {

        private final UpstreamServer[] servers;
        private final int[] slots;

        Table(UpstreamServer[] servers) {
            this.servers = servers;
            this.slots = servers.length == 0 ? new int[0] : populate(servers, tableSize(servers.length));
        }

        /**
         * The paper's population loop, weighted as Envoy does it: each round every server earns its weight
         * in credit and claims a slot per {@code maxWeight} of credit, so the heaviest claims one every
         * round and a server of half its weight one every other round. A claim takes the server's next
         * still-empty slot along its permutation {@code offset, offset + skip, offset + 2 skip, ...} (mod
         * a prime size, so any skip visits every slot once).
         */
        private static int[] populate(UpstreamServer[] servers, int size) {
            int n = servers.length;
            String[] keys = ServerKeys.of(servers);
            long[] next = new long[n];
            long[] skip = new long[n];
            long[] credit = new long[n];
            int maxWeight = 1;
            for (int s = 0; s < n; s++) {
                long h = RequestHashes.of(keys[s]);
                // Two independent hashes of the name, as the paper asks: one places the permutation's
                // start, the other its stride.
                next[s] = Long.remainderUnsigned(h, size);
                skip[s] = Long.remainderUnsigned(RequestHashes.mix(h ^ 0x9e3779b97f4a7c15L), size - 1) + 1;
                maxWeight = Math.max(maxWeight, servers[s].weight());
            }
            int[] slots = new int[size];
            Arrays.fill(slots, -1);
            int filled = 0;
            while (true) {
                for (int s = 0; s < n; s++) {
                    credit[s] += servers[s].weight();
                    if (credit[s] < maxWeight) {
                        continue;
                    }
                    credit[s] -= maxWeight;
                    int slot = (int) next[s];
                    while (slots[slot] >= 0) {
                        slot = advance(slot, skip[s], size);
                    }
                    slots[slot] = s;
                    next[s] = advance(slot, skip[s], size);
                    if (++filled == size) {
                        return slots;
                    }
                }
            }
        }

        private static int advance(int slot, long skip, int size) {
            long next = slot + skip;
            return (int) (next >= size ? next - size : next);
        }

        @Override
        public UpstreamServer pick(long key, long excluded) {
            int size = slots.length;
            if (size == 0) {
                return null;
            }
            int slot = (int) Long.remainderUnsigned(key, size);
            UpstreamServer server = servers[slots[slot]];
            if (ServerTiers.pickable(server, excluded)) {
                return server;
            }
            // Checked only after a miss; it spares probing the whole table on every request while the
            // tier is down.
            if (!ServerTiers.anyPickable(servers, excluded)) {
                return null;
            }
            for (int step = 1; step < size; step++) {
                slot = slot + 1 == size ? 0 : slot + 1;
                server = servers[slots[slot]];
                if (ServerTiers.pickable(server, excluded)) {
                    return server;
                }
            }
            return null;
        }
    }
}
