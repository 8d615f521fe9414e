package io.edgeplane.proxy.limit;

import io.edgeplane.config.proxy.RateLimitConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rate limit, as defined once under {@code proxy.rate_limits} (or a listener's inline
 * {@code rate_limit}): its table of counts, what it counts by and what it does over the limit. Every
 * listener and route that names it holds this one object, so they share its counts. A reload that leaves
 * its config unchanged keeps it, counts and all.
 */
public final class RateLimit {

    private final String name;
    private final RateLimitConfig config;
    private final LimitClock clock;
    private final CounterTable table;
    private final LimitKey key;
    private final LimitAction action;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private volatile Counter limited;

    public RateLimit(String name, RateLimitConfig config, KeyHashes hashes, LimitClock clock, MeterRegistry registry) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        SlidingWindow window = new SlidingWindow(config.window().toMillis(), config.maxRequests());
        this.table = new CounterTable(window, config.tableSize(), hashes.seed() ^ name.hashCode());
        this.key = LimitKey.of(config, hashes);
        this.action = LimitAction.of(config);
    }

    public String name() {
        return name;
    }

    public RateLimitConfig config() {
        return config;
    }

    public LimitKey key() {
        return key;
    }

    public LimitAction action() {
        return action;
    }

    /** Counts a request of {@code key}: 0 if it is let through, else the milliseconds until one would be. */
    public long acquire(long key, long nowMillis) {
        return table.acquire(key, nowMillis);
    }

    /** Takes back a request counted at {@code acquiredMillis} that another limit then refused. */
    public void refund(long key, long acquiredMillis) {
        table.refund(key, acquiredMillis);
    }

    /** Keys counted and not yet expired. */
    public int size() {
        return table.size(clock.nowMillis());
    }

    void limited() {
        Counter counter = limited;
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * Registers the limit's meters; call when it goes into service, after {@link #unregister()} of the limit
     * of the same name it replaces (a registry hands back the meter already registered under a name).
     */
    public synchronized void register() {
        if (!meters.isEmpty()) {
            return;
        }
        Counter counter = Counter.builder("edgeplane.proxy.rate.limited")
                .description("Requests over a rate limit, by limit and what they got")
                .tags("limit", name, "action", action.tag()).register(registry);
        meters.add(counter);
        meters.add(Gauge.builder("edgeplane.proxy.rate.limit.keys", this, RateLimit::size)
                .description("Keys a rate limit is counting (not yet expired)").tags("limit", name).register(registry));
        limited = counter;
    }

    public synchronized void unregister() {
        meters.forEach(registry::remove);
        meters.clear();
        limited = null;
    }

    public synchronized List<Meter> meters() {
        return List.copyOf(meters);
    }
}
