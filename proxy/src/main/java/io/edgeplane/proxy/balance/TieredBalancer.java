package io.edgeplane.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * What every policy shares: the pool split into primaries and backups, each tier picked by the policy's
 * own {@link Tier}, and backups asked only when no primary can take the request.
 */
abstract sealed class TieredBalancer implements LoadBalancer
        permits RoundRobinBalancer, LeastConnectionsBalancer, PowerOfTwoChoicesBalancer, RandomBalancer,
        RingHashBalancer, MaglevBalancer {

    /** One tier's picker. */
    interface Tier {
        /** A pickable server not in {@code excluded}, or null; {@code key} is the request's mixed hash. */
        UpstreamServer pick(long key, long excluded);
    }

    private final List<UpstreamServer> servers;
    private final Tier primaries;
    private final Tier backups;

    TieredBalancer(List<UpstreamServer> servers, Function<UpstreamServer[], Tier> tier) {
        ServerTiers tiers = ServerTiers.of(servers);
        this.servers = tiers.all();
        this.primaries = tier.apply(tiers.primaries());
        this.backups = tier.apply(tiers.backups());
    }

    /** The key a tier picks by; hashing policies mix the request's hash first. */
    long key(long hash) {
        return hash;
    }

    @Override
    public final UpstreamServer pick(long hash, long excluded) {
        long key = key(hash);
        UpstreamServer server = primaries.pick(key, excluded);
        if (server == null) {
            server = backups.pick(key, excluded);
        }
        return server != null && server.ramping() ? slowStart(server, key, excluded) : server;
    }

    /**
     * A server in slow start keeps a pick only with its ramp's share; otherwise the pick goes to another
     * server of its tier if there is one. Whatever the policy, its share of requests grows with the ramp.
     */
    private UpstreamServer slowStart(UpstreamServer server, long key, long excluded) {
        double share = server.rampShare(System.nanoTime());
        if (share >= 1 || ThreadLocalRandom.current().nextDouble() < share) {
            return server;
        }
        long without = excluded | (server.index() < Long.SIZE ? 1L << server.index() : 0);
        UpstreamServer other = (server.backup() ? backups : primaries).pick(key, without);
        return other != null ? other : server;
    }

    @Override
    public final List<UpstreamServer> servers() {
        return servers;
    }
}
