package io.edgeplane.vrrp.server;

import io.edgeplane.vrrp.state.VrrpState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The VRRP service's Prometheus series: each instance's state and priority, its transitions and adverts, and the
 * datagrams dropped by reason. An instance's series are registered when it starts and removed when it stops.
 */
final class VrrpMeters {

    private final MeterRegistry registry;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    VrrpMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A datagram on a VRRP socket that reached no instance, by reason. */
    void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> Counter.builder("edgeplane.vrrp.dropped").tag("reason", r)
                .description("VRRP datagrams dropped before or by the instance checks, by reason").register(registry))
                .increment();
    }

    /** One instance's series. */
    Instance instance(String name) {
        return new Instance(name);
    }

    /** The series of one instance, removed with {@link #close()}. */
    final class Instance implements AutoCloseable {
        private final String name;
        private final AtomicInteger state = new AtomicInteger(VrrpState.INITIALIZE.ordinal());
        private final AtomicInteger priority = new AtomicInteger();
        private final Counter sent;
        private final Counter received;
        private final Map<VrrpState, Counter> transitions = new ConcurrentHashMap<>();
        private final Map<String, Counter> refused = new ConcurrentHashMap<>();
        private final List<Meter> meters = new ArrayList<>();

        private Instance(String name) {
            this.name = name;
            meters.add(Gauge.builder("edgeplane.vrrp.state", state, AtomicInteger::get).tag("instance", name)
                    .description("The instance's state: 0 initialize, 1 backup, 2 master, 3 fault").register(registry));
            meters.add(Gauge.builder("edgeplane.vrrp.priority", priority, AtomicInteger::get).tag("instance", name)
                    .description("The instance's effective priority (base plus tracking weights)").register(registry));
            sent = add(Counter.builder("edgeplane.vrrp.adverts.sent").tag("instance", name)
                    .description("Advertisements sent").register(registry));
            received = add(Counter.builder("edgeplane.vrrp.adverts.received").tag("instance", name)
                    .description("Advertisements accepted by the instance").register(registry));
        }

        private Counter add(Counter counter) {
            meters.add(counter);
            return counter;
        }

        void state(VrrpState now, int effectivePriority) {
            state.set(now.ordinal());
            priority.set(effectivePriority);
        }

        void transition(VrrpState to) {
            transitions.computeIfAbsent(to, t -> add(Counter.builder("edgeplane.vrrp.transitions").tag("instance", name)
                    .tag("to", t.name().toLowerCase(java.util.Locale.ROOT))
                    .description("State changes of the instance, by the state entered").register(registry))).increment();
        }

        void sent() {
            sent.increment();
        }

        void received() {
            received.increment();
        }

        /** An advert for this instance that its checks refused, by verdict. */
        void refused(String verdict) {
            refused.computeIfAbsent(verdict, v -> add(Counter.builder("edgeplane.vrrp.adverts.refused")
                    .tag("instance", name).tag("reason", v)
                    .description("Advertisements for the instance that its checks refused, by reason").register(registry)))
                    .increment();
        }

        long sentCount() {
            return (long) sent.count();
        }

        long receivedCount() {
            return (long) received.count();
        }

        @Override
        public void close() {
            meters.forEach(registry::remove);
        }
    }
}
