package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.balance.UpstreamServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * An upstream pool's meters: each server's answered and failed requests and requests in flight (read from
 * the server's own counters, so nothing is counted twice), and the pool's retries.
 */
public final class PoolMeters {

    private final Counter retries;
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
    }

    public void retried() {
        retries.increment();
    }

    public List<Meter> meters() {
        return meters;
    }
}
