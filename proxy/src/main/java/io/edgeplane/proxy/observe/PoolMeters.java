package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.stats.ServerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An upstream pool's meters: each server's answered and failed requests, answers by status class, body
 * bytes, requests in flight, weight, state, state changes, ejections and health checks (read from the
 * server's own counters, so nothing is counted twice), its response times, the pool's retries, the failed
 * lookups of each server name it re-resolves, and for a pool with TLS its failed handshakes by reason.
 */
public final class PoolMeters {

    private final MeterRegistry registry;
    private final String pool;
    private final List<UpstreamServer> servers;
    private final Map<String, Counter> dnsFailures = new HashMap<>();
    private final List<String> tlsFailureReasons;
    private final List<Meter> meters = new ArrayList<>();
    /** Each server's response-time timer, by index; empty before {@link #register}. */
    private volatile Timer[] responseTimes = new Timer[0];
    /** Each server's state-change counters, by index and then state ordinal. */
    private volatile Counter[][] stateChanges = new Counter[0][];
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
    public synchronized void register(ServerStates states) {
        if (!meters.isEmpty()) {
            return;
        }
        Timer[] timers = new Timer[servers.size()];
        Counter[][] changes = new Counter[servers.size()][];
        for (UpstreamServer server : servers) {
            String address = server.address().toString();
            int index = server.index();
            timers[index] = Timer.builder("edgeplane.proxy.upstream.response.duration")
                    .description("From sending a request to an upstream server to the head of its answer")
                    .tags("pool", pool, "server", address)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            meters.add(timers[index]);
            for (int statusClass = 0; statusClass <= 5; statusClass++) {
                int c = statusClass;
                meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.responses", server, s -> s.answers(c))
                        .description("Answers from an upstream server, by status class")
                        .tags("pool", pool, "server", address, "code", c == 0 ? "other" : c + "xx").register(registry));
            }
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.body.bytes", server, UpstreamServer::bytesSent)
                    .description("Body bytes sent to (in) and received from (out) an upstream server").baseUnit("bytes")
                    .tags("pool", pool, "server", address, "direction", "in").register(registry));
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.body.bytes", server, UpstreamServer::bytesReceived)
                    .description("Body bytes sent to (in) and received from (out) an upstream server").baseUnit("bytes")
                    .tags("pool", pool, "server", address, "direction", "out").register(registry));
            meters.add(Gauge.builder("edgeplane.proxy.upstream.weight", server, UpstreamServer::weight)
                    .description("An upstream server's weight now (the configured one unless an operator set another)")
                    .tags("pool", pool, "server", address).register(registry));
            for (ServerState state : ServerState.values()) {
                meters.add(Gauge.builder("edgeplane.proxy.upstream.state", states, s -> s.state(index) == state ? 1 : 0)
                        .description("1 for an upstream server's state now, 0 for the others")
                        .tags("pool", pool, "server", address, "state", state.name()).register(registry));
            }
            changes[index] = new Counter[ServerState.values().length];
            for (ServerState state : ServerState.values()) {
                changes[index][state.ordinal()] = Counter.builder("edgeplane.proxy.upstream.state.changes")
                        .description("Changes of an upstream server's state, by the state it went to")
                        .tags("pool", pool, "server", address, "to", state.name()).register(registry);
                meters.add(changes[index][state.ordinal()]);
            }
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.ejections", states, s -> s.ejections(index))
                    .description("Times outlier detection put an upstream server aside")
                    .tags("pool", pool, "server", address).register(registry));
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.checks", states, s -> s.checks(index, true))
                    .description("Active health checks of an upstream server, by result")
                    .tags("pool", pool, "server", address, "result", "passed").register(registry));
            meters.add(FunctionCounter.builder("edgeplane.proxy.upstream.checks", states, s -> s.checks(index, false))
                    .description("Active health checks of an upstream server, by result")
                    .tags("pool", pool, "server", address, "result", "failed").register(registry));
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
                    .description("1 while an upstream server takes new requests, 0 while it is DOWN, EJECTED, DRAIN or MAINT")
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
        responseTimes = timers;
        stateChanges = changes;
    }

    /** Removes the pool's meters from the registry: the pool is out of service, or replaced by a rebuilt one. */
    public synchronized void unregister() {
        meters.forEach(registry::remove);
        meters.clear();
        dnsFailures.clear();
        retries = null;
        tlsFailures = Map.of();
        responseTimes = new Timer[0];
        stateChanges = new Counter[0][];
    }

    /** An answer from {@code server}, {@code responseNanos} after the request was sent (-1: not known). */
    public void answered(UpstreamServer server, int status, long responseNanos) {
        Timer[] timers = responseTimes;
        if (responseNanos >= 0 && server.index() < timers.length) {
            timers[server.index()].record(responseNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** {@code server} went to {@code state}. */
    public void stateChanged(UpstreamServer server, ServerState state) {
        Counter[][] changes = stateChanges;
        if (server.index() < changes.length) {
            changes[server.index()][state.ordinal()].increment();
        }
    }

    /** {@code server}'s response-time timer, for the stats page's percentiles; empty before {@link #register}. */
    public Optional<Timer> responseTime(UpstreamServer server) {
        Timer[] timers = responseTimes;
        return server.index() < timers.length ? Optional.of(timers[server.index()]) : Optional.empty();
    }

    /** Requests retried on another server, since the pool was built. */
    public long retries() {
        Counter counter = retries;
        return counter == null ? 0 : (long) counter.count();
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
