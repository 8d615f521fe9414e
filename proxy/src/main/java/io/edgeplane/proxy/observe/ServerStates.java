package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.stats.ServerState;

/** What a pool's meters read of its servers' states, by server index; kept by the pool, read when scraped. */
public interface ServerStates {

    ServerState state(int server);

    /** Times outlier detection ejected the server. */
    long ejections(int server);

    /** The server's active checks that passed ({@code passed}) or failed. */
    long checks(int server, boolean passed);
}
