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
 * the server's own counters, so nothing is counted twice), the pool's retries, the failed lookups of
 * each server name it re-resolves, and for a pool with TLS its failed handshakes by reason.
 */
public final class PoolMeters {

    private final MeterRegistry registry;
    private final String pool;
    private final List<UpstreamServer> servers;
    private final Map<String, Counter> dnsFailures = new HashMap<>();
    private final List<String> tlsFailureReasons;
    private final List<Meter> meters = new ArrayList<>();
    private volatile Counter retries;
    /** Read on the event loops, replaced whole: no lock on the way of a failing connect. */
    private volatile Map<String, Counter> tlsFailures = Map.of();

    /**
     * Registers nothing yet: a pool is built while a reload is prepared, and until it is committed the
     * registry's series of the same name still belong to the pool it replaces (see {@link #register()}).
     *
     * @param tlsFailureReasons the reasons a TLS handshake with a server may fail for, each a series; empty
     *                          for a pool without TLS
     */
    public PoolMeters(MeterRegistry registry, String pool, List<UpstreamServer> servers, List<String> tlsFailureReasons) {
        this.registry = registry;
        this.pool = pool;
        this.servers = List.copyOf(servers);
        this.tlsFailureReasons = List.copyOf(tlsFailureReasons);
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
            meters.add(Gauge.builder("edgeplane.proxy.upstream.up", server, s -> s.available() ? 1 : 0)
                    .description("1 while an upstream server takes requests, 0 while its health checks have it DOWN")
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
        Map<String, Counter> tls = new HashMap<>();
        for (String reason : tlsFailureReasons) {
            Counter failures = Counter.builder("edgeplane.proxy.upstream.tls.failures")
                    .description("TLS handshakes with an upstream server that failed, or reached a server not the one meant")
                    .tags("pool", pool, "reason", reason).register(registry);
            tls.put(reason, failures);
            meters.add(failures);
        }
        tlsFailures = Map.copyOf(tls);
        retries = retried;
    }

    /** Removes the pool's meters from the registry: the pool is out of service, or replaced by a rebuilt one. */
    public synchronized void unregister() {
        meters.forEach(registry::remove);
        meters.clear();
        dnsFailures.clear();
        retries = null;
        tlsFailures = Map.of();
    }

    public void retried() {
        Counter counter = retries;
        if (counter != null) {
            counter.increment();
        }
    }

    /** Counts a failed TLS handshake (not counted before {@link #register()}). */
    public void tlsFailed(String reason) {
        Counter counter = tlsFailures.get(reason);
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
