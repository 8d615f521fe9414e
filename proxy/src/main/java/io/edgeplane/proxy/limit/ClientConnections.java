package io.edgeplane.proxy.limit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address on one listener, for {@code max_connections_per_client} (HAProxy's
 * {@code sc_conn_cur} with {@code tcp-request connection reject}). Counted at accept and at close, off the
 * request path, so a map entry per client with open connections is all it costs; entries go when their
 * client's last connection closes. Every connection is counted, limit or not, so that a reload that sets a
 * limit finds the connections already open.
 */
public final class ClientConnections {

    private final ConcurrentHashMap<ClientAddress, Integer> open = new ConcurrentHashMap<>();

    /**
     * Counts a connection of {@code client} in; false (and not counted) when it already has {@code max} open.
     *
     * @param max the limit; 0 for none
     */
    public boolean tryOpen(ClientAddress client, int max) {
        boolean[] admitted = {false};
        open.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            if (max > 0 && now >= max) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    public void closed(ClientAddress client) {
        open.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** The connections {@code client} has open. */
    public int open(ClientAddress client) {
        return open.getOrDefault(client, 0);
    }

    /** Clients with a connection open. */
    public int clients() {
        return open.size();
    }
}
