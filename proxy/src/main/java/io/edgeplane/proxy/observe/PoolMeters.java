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

    private final Counter retries;
    private final Map<String, Counter> dnsFailures = new HashMap<>();
    private final List<Meter> meters = new ArrayList<>();

    public PoolMeters(MeterRegistry registry, String pool, List<UpstreamServer> servers) {
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
        retries = Counter.builder("edgeplane.proxy.upstream.retries")
                .description("Requests tried again on another server").tags("pool", pool).register(registry);
        meters.add(retries);
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
    }

    public void retried() {
        retries.increment();
    }

    /** Counts a failed lookup of {@code host}, one of the pool's server names. */
    public void dnsFailed(String host) {
        Counter failures = dnsFailures.get(host);
        if (failures == null) {
            throw new IllegalArgumentException("'" + host + "' is not a server name of this pool: " + dnsFailures.keySet());
        }
        failures.increment();
    }

    public List<Meter> meters() {
        return meters;
    }
}
