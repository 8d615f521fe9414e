package io.edgeplane.proxy.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pool split into its primaries and its backups, plus the rule every policy shares for whether a server
 * may be picked. Each policy builds its lookup structure once per tier and asks the backup tier only when
 * the primary tier yields nothing.
 */
final class ServerTiers {

    private final List<UpstreamServer> all;
    private final UpstreamServer[] primaries;
    private final UpstreamServer[] backups;

    private ServerTiers(List<UpstreamServer> all, UpstreamServer[] primaries, UpstreamServer[] backups) {
        this.all = all;
        this.primaries = primaries;
        this.backups = backups;
    }

    /**
     * @throws IllegalArgumentException if the pool is empty or a server's index is not its position, since
     *                                  the excluded bit mask addresses servers by index
     */
    static ServerTiers of(List<UpstreamServer> servers) {
        List<UpstreamServer> all = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one server, got none");
        }
        List<UpstreamServer> primaries = new ArrayList<>();
        List<UpstreamServer> backups = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            UpstreamServer server = all.get(i);
            if (server.index() != i) {
                throw new IllegalArgumentException("server " + server + " has index " + server.index()
                        + " but is at position " + i + "; servers must be listed in index order from 0");
            }
            (server.backup() ? backups : primaries).add(server);
        }
        return new ServerTiers(all, primaries.toArray(UpstreamServer[]::new), backups.toArray(UpstreamServer[]::new));
    }

    List<UpstreamServer> all() {
        return all;
    }

    /** The primary servers in index order; the caller must not modify the array. */
    UpstreamServer[] primaries() {
        return primaries;
    }

    /** The backup servers in index order, possibly none; the caller must not modify the array. */
    UpstreamServer[] backups() {
        return backups;
    }

    /** Whether the server is available and not excluded; indexes of 64 and up have no bit, so are never excluded. */
    static boolean pickable(UpstreamServer server, long excluded) {
        int index = server.index();
        // 1L << 64 would wrap around to bit 0, hence the explicit bound.
        return server.available() && (index >= Long.SIZE || (excluded & (1L << index)) == 0);
    }

    static boolean anyPickable(UpstreamServer[] servers, long excluded) {
        for (UpstreamServer server : servers) {
            if (pickable(server, excluded)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code a} is less loaded than {@code b} relative to weight: active_a / weight_a < active_b /
     * weight_b, cross-multiplied in longs to stay exact and division-free.
     */
    static boolean lessLoaded(UpstreamServer a, UpstreamServer b) {
        return (long) a.active() * b.weight() < (long) b.active() * a.weight();
    }
}
