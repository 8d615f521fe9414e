package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Least connections: the server with the fewest requests in flight relative to its weight, as nginx's
 * {@code least_conn} and HAProxy's {@code leastconn}. Callers must pair every pick they send with
 * {@link UpstreamServer#acquire()} and {@link UpstreamServer#release()}, since those counts are the load.
 */
public final class LeastConnectionsBalancer extends TieredBalancer {

    public LeastConnectionsBalancer(List<UpstreamServer> servers) {
        super(servers, LeastLoaded::new);
    }

    private static final class LeastLoaded implements Tier {

        private final UpstreamServer[] servers;
        /**
         * Where the scan starts, moved on every pick: on an idle pool every server ties at zero, and a
         * fixed start would send every request to the first one.
         */
        private final AtomicInteger start = new AtomicInteger();

        LeastLoaded(UpstreamServer[] servers) {
            this.servers = servers;
        }

        @Override
        public UpstreamServer pick(long key, long excluded) {
            int n = servers.length;
            if (n == 0) {
                return null;
            }
            int i = Integer.remainderUnsigned(start.getAndIncrement(), n);
            UpstreamServer best = null;
            for (int step = 0; step < n; step++) {
                UpstreamServer server = servers[i];
                if (ServerTiers.pickable(server, excluded) && (best == null || ServerTiers.lessLoaded(server, best))) {
                    best = server;
                }
                i = i + 1 == n ? 0 : i + 1;
            }
            return best;
        }
    }
}
