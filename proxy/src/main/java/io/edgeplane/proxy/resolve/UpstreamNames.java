package io.edgeplane.proxy.resolve;

import io.edgeplane.config.proxy.ResolverConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Name resolution as one {@code proxy.resolver} section asks for it: lookups through its name servers and
 * refreshes by its policy, timed on the resolver thread. A reload that keeps the section keeps this object,
 * so pools carried over keep refreshing through it; a changed section gets a new one.
 */
public final class UpstreamNames implements AutoCloseable {

    private final ResolverConfig config;
    private final NameLookup lookup;
    private final RefreshPolicy policy;
    private final Scheduler scheduler;

    /**
     * @param lookup    how names are looked up; closed with this
     * @param scheduler times the refreshes
     */
    public UpstreamNames(ResolverConfig config, NameLookup lookup, Scheduler scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.policy = RefreshPolicy.of(config);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Resolution through DNS, as {@code config} says, on {@code thread}. */
    public static UpstreamNames dns(ResolverConfig config, ResolverThread thread) {
        return new UpstreamNames(config, new DnsNameLookup(config, thread.loop()), thread.scheduler());
    }

    public ResolverConfig config() {
        return config;
    }

    /** One lookup of {@code host}, answered on the resolver thread. */
    public CompletableFuture<ResolvedName> lookup(String host) {
        return lookup.lookup(host);
    }

    /**
     * Keeps {@code initial.host()} fresh for {@code pool} until the returned watch is closed.
     *
     * @see NameWatch#start
     */
    public NameWatch watch(String pool, ResolvedName initial, Consumer<List<InetAddress>> publish, Runnable failed) {
        return NameWatch.start(pool, initial, lookup, policy, scheduler, publish, failed);
    }

    /** Closes the lookup's sockets. Close the watches first: their lookups would fail from now on. */
    @Override
    public void close() {
        lookup.close();
    }
}
