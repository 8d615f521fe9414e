package io.edgeplane.proxy.balance;

import java.util.List;

/**
 * Picks the server for one request from a pool. Shared by every event loop, so implementations are
 * thread-safe; {@link #pick} allocates nothing. Only {@linkplain UpstreamServer#available() available}
 * servers are picked; backup servers only when no primary is available or all primaries are excluded.
 */
public sealed interface LoadBalancer permits TieredBalancer {

    /**
     * @param hash     the request's hash key (client address, header or cookie), for hashing policies;
     *                 others ignore it
     * @param excluded servers not to pick, as a bit mask of {@link UpstreamServer#index()} (bit i = index i);
     *                 a retry excludes the servers already tried. Servers with index 64 or more cannot be
     *                 excluded.
     * @return the server, or null when none can be picked
     */
    UpstreamServer pick(long hash, long excluded);

    /** The pool's servers, in config order (index order). */
    List<UpstreamServer> servers();
}
