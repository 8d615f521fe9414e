package io.edgeplane.dhcp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DHCP server's Prometheus series: requests and replies by message type, what was dropped or left unanswered
 * by reason, the leases held and addresses free, probe conflicts, and the journal's commits.
 */
final class DhcpMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> replies = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
    private final AtomicLong leases = new AtomicLong();
    private final AtomicLong poolFree = new AtomicLong();
    private final Counter conflicts;
    private final Counter expired;
    private final Timer commits;

    DhcpMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        keep(Gauge.builder("edgeplane.dhcp.leases", leases, AtomicLong::get).description("Leases held now")
                .register(registry));
        keep(Gauge.builder("edgeplane.dhcp.pool.free", poolFree, AtomicLong::get)
                .description("Addresses of the ranges neither leased, offered, reserved nor held back").register(registry));
        conflicts = keep(Counter.builder("edgeplane.dhcp.probe.conflicts")
                .description("Addresses that answered a probe before being offered, and were held back").register(registry));
        expired = keep(Counter.builder("edgeplane.dhcp.leases.expired").description("Leases that ran out unrenewed")
                .register(registry));
        commits = keep(Timer.builder("edgeplane.dhcp.journal.commit")
                .description("Lease journal commits (one write and one fdatasync for a batch of leases)").register(registry));
    }

    void request(String type) {
        count(requests, type, "edgeplane.dhcp.requests", "Requests received, by message type");
    }

    void reply(String type) {
        count(replies, type, "edgeplane.dhcp.replies", "Replies sent, by message type");
    }

    /** A datagram dropped before the responder saw it (malformed, rate limited) or a reply that could not be sent. */
    void dropped(String reason) {
        count(dropped, reason, "edgeplane.dhcp.dropped", "Datagrams dropped or replies not sent, by reason");
    }

    /** A well-formed request the responder chose not to answer. */
    void ignored(String reason) {
        count(ignored, reason, "edgeplane.dhcp.ignored", "Requests left unanswered by decision, by reason");
    }

    void conflict() {
        conflicts.increment();
    }

    void expired(int count) {
        expired.increment(count);
    }

    void committed(long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
    }

    void state(long leaseCount, long free) {
        leases.set(leaseCount);
        poolFree.set(free);
    }

    private void count(Map<String, Counter> counters, String tag, String name, String description) {
        // Found by the tag as given, an enum constant's name, so that counting a request makes no lowercase copy of it.
        Counter counter = counters.get(tag);
        if (counter == null) {
            String tagName = name.endsWith("requests") || name.endsWith("replies") ? "type" : "reason";
            counter = counters.computeIfAbsent(tag, t -> keep(Counter.builder(name)
                    .tag(tagName, t.toLowerCase(Locale.ROOT)).description(description).register(registry)));
        }
        counter.increment();
    }

    /**
     * Removes every series, as when the DHCP server is taken out of the config: a server added back later must not
     * find its gauges bound to this one's numbers (Micrometer hands back a registered meter of the same name).
     */
    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
        List.of(requests, replies, dropped, ignored).forEach(Map::clear);
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }
}
