package io.edgeplane.proxy.balance;

import java.util.List;
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
        return server != null ? server : backups.pick(key, excluded);
    }

    @Override
    public final List<UpstreamServer> servers() {
        return servers;
    }
}
