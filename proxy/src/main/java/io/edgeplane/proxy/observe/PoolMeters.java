package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.balance.UpstreamServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * An upstream pool's meters: each server's answered and failed requests and requests in flight (read from
 * the server's own counters, so nothing is counted twice), the pool's retries, and the failed lookups of
 * each server name it re-resolves.
 */
public final class PoolMeters {

    private final MeterRegistry registry;
    private final String pool;
    private final List<UpstreamServer> servers;
    private final Map<String, Counter> dnsFailures = new HashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private volatile Counter retries;

    /**
     * Registers nothing yet: a pool is built while a reload is prepared, and until it is committed the
     * registry's series of the same name still belong to the pool it replaces (see {@link #register()}).
     */
    public PoolMeters(MeterRegistry registry, String pool, List<UpstreamServer> servers) {
        this.registry = registry;
        this.pool = pool;
        this.servers = List.copyOf(servers);
    }

    /**
     * Registers the pool's meters; call when the pool goes into service, after {@link #unregister()} of the
     * pool it replaces. A registry hands back the meter already registered under a name, so registered any
     * earlier, a rebuilt pool's meters would go on reading the servers of the pool it replaced.
     */
    public synchronized void register() {
        if (!meters.isEmpty()) {
            return;
        }
        for (UpstreamServer server : servers) {
            String address = server.address().toString();
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.requests", server, UpstreamServer::successes)
                    .description("Requests sent to an upstream server, by outcome")
                    .tags("pool", pool, "server", address, "outcome", "answered").register(registry));
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.requests", server, UpstreamServer::failures)
                    .description("Requests sent to an upstream server, by outcome")
                    .tags("pool", pool, "server", address, "outcome", "failed").register(registry));
            meters.add(Gauge.builder("edgeplane.proxy.upstream.active", server, UpstreamServer::active)
                    .description("Requests an upstream server is serving now")
                    .tags("pool", pool, "server", address).register(registry));
        }
        Counter retried = Counter.builder("edgeplane.proxy.upstream.retries")
                .description("Requests tried again on another server").tags("pool", pool).register(registry);
        meters.add(retried);
        for (UpstreamServer server : servers) {
            String host = server.address().host();
            if (!server.address().isIpLiteral() && !dnsFailures.containsKey(host)) {
                Counter failures = Counter.builder("edgeplane.proxy.upstream.dns.failures")
                        .description("Lookups of an upstream server name that failed (the last good addresses stay in use)")
                        .tags("pool", pool, "host", host).register(registry);
                dnsFailures.put(host, failures);
                meters.add(failures);
            }
        }
        retries = retried;
    }

    /** Removes the pool's meters from the registry: the pool is out of service, or replaced by a rebuilt one. */
    public synchronized void unregister() {
        meters.forEach(registry::remove);
        meters.clear();
        dnsFailures.clear();
        retries = null;
    }

    public void retried() {
        Counter counter = retries;
        if (counter != null) {
            counter.increment();
        }
    }

    /** Counts a failed lookup of {@code host}, one of the pool's server names (not counted before {@link #register()}). */
    public synchronized void dnsFailed(String host) {
        if (meters.isEmpty()) {
            return;
        }
        Counter failures = dnsFailures.get(host);
        if (failures == null) {
            throw new IllegalArgumentException("'" + host + "' is not a server name of this pool: " + dnsFailures.keySet());
        }
        failures.increment();
    }

    /** The registered meters; empty before {@link #register()}. */
    public synchronized List<Meter> meters() {
        return List.copyOf(meters);
    }
}
