package io.edgeplane.firewall.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The firewall's Prometheus series: rules in force, applies by outcome, whether the kernel's table is the one applied,
 * and packets denied per chain as the kernel counts them (read by the monitor, never on a scrape).
 */
final class FirewallMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> applies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> denied = new ConcurrentHashMap<>();
    private final AtomicLong rules = new AtomicLong();
    private final AtomicLong inSync = new AtomicLong();

    FirewallMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        registered.add(Gauge.builder("edgeplane.firewall.rules", rules, AtomicLong::get)
                .description("Rules of the ruleset in force, in every chain of table inet edgeplane").register(registry));
        registered.add(Gauge.builder("edgeplane.firewall.in.sync", inSync, AtomicLong::get)
                .description("1 while the kernel's table inet edgeplane is the ruleset edgeplane applied, 0 when it was "
                        + "changed or deleted behind edgeplane's back").register(registry));
    }

    /** One apply: {@code applied}, {@code unchanged} (the kernel already had it) or {@code failed}. */
    void apply(String outcome) {
        applies.computeIfAbsent(outcome, o -> {
            Counter counter = Counter.builder("edgeplane.firewall.applies").tag("outcome", o)
                    .description("Rulesets applied to the kernel at start and on reloads, by outcome").register(registry);
            registered.add(counter);
            return counter;
        }).increment();
    }

    void rules(int count) {
        rules.set(count);
    }

    void inSync(boolean yes) {
        inSync.set(yes ? 1 : 0);
    }

    /** The kernel's count of packets the chain's deny chain dropped or rejected, as last read. */
    void denied(String chain, long packets) {
        denied.computeIfAbsent(chain, c -> {
            AtomicLong value = new AtomicLong();
            registered.add(FunctionCounter.builder("edgeplane.firewall.denied.packets", value, AtomicLong::get)
                    .tag("chain", c)
                    .description("Packets dropped or rejected by a chain's deny rules, rate excess and policy, as the "
                            + "kernel counts them (starts again from 0 when a changed ruleset is applied)")
                    .register(registry));
            return value;
        }).set(packets);
    }

    /** The table was loaded anew (a changed ruleset, or the same one put back): the kernel counts from 0 again. */
    void deniedFromZero() {
        denied.values().forEach(value -> value.set(0));
    }

    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
