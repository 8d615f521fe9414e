package io.edgeplane.ntp.server;

import io.edgeplane.ntp.stats.NtpStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * NTP's meters: the server's replies by kind and datagrams dropped by why, and the client's synchronisation
 * (stratum, offset, jitter, frequency, each source's reach and offset). Registered at start, removed at stop.
 */
final class NtpMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final List<MultiGauge> multiGauges = new ArrayList<>();
    private final Map<Answer.Reply.Kind, Counter> replies = new EnumMap<>(Answer.Reply.Kind.class);
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    private MultiGauge sourceReach;
    private MultiGauge sourceOffset;

    NtpMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Answer.Reply.Kind kind : Answer.Reply.Kind.values()) {
            replies.put(kind, add(Counter.builder("edgeplane.ntp.replies")
                    .description("Replies sent: the time, or a RATE or DENY kiss-o'-death")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).register(registry)));
        }
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, add(Counter.builder("edgeplane.ntp.dropped")
                    .description("Datagrams answered with nothing, by why")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(registry)));
        }
    }

    /**
     * The client's gauges, read from {@code stats} when scraped; the per-source ones are refreshed by
     * {@link #sources} (sources come and go with reloads and pool lookups).
     */
    void trackClient(Supplier<NtpStats> stats) {
        // Strong references: a gauge holds its object weakly, and nothing else holds this supplier.
        add(Gauge.builder("edgeplane.ntp.synchronised", stats, s -> s.get().tracking().synchronised() ? 1 : 0)
                .description("1 when a majority of sources agrees and edgeplane's time scale follows it").strongReference(true).register(registry));
        add(Gauge.builder("edgeplane.ntp.stratum", stats, s -> s.get().tracking().stratum())
                .description("edgeplane's stratum: the system peer's + 1; 16 when unsynchronised").strongReference(true).register(registry));
        add(Gauge.builder("edgeplane.ntp.offset", stats, s -> s.get().tracking().offsetMicros() / 1e6).baseUnit("seconds")
                .description("The last combined offset of the sources: true time minus edgeplane's").strongReference(true).register(registry));
        add(Gauge.builder("edgeplane.ntp.jitter", stats, s -> s.get().tracking().jitterMicros() / 1e6).baseUnit("seconds")
                .description("The system jitter of the combined sources").strongReference(true).register(registry));
        add(Gauge.builder("edgeplane.ntp.frequency", stats, s -> s.get().tracking().frequencyPpm()).baseUnit("ppm")
                .description("How fast the system clock gains, as estimated (chrony's drift file sign)").strongReference(true).register(registry));
        add(Gauge.builder("edgeplane.ntp.system.clock.offset", stats, s -> -s.get().tracking().correctionMicros() / 1e6)
                .baseUnit("seconds").description("The system clock minus edgeplane's time (chronyc tracking's System time)")
                .strongReference(true).register(registry));
        sourceReach = add(MultiGauge.builder("edgeplane.ntp.source.reach")
                .description("Each source's reach register: the last 8 polls, 255 when all were answered").register(registry));
        sourceOffset = add(MultiGauge.builder("edgeplane.ntp.source.offset").baseUnit("seconds")
                .description("Each source's filtered offset: its time minus edgeplane's").register(registry));
    }

    /** Replaces the per-source series with {@code sources}' (sources gone are removed). */
    void sources(List<NtpStats.Source> sources) {
        if (sourceReach == null) {
            return;
        }
        sourceReach.register(sources.stream().map(source -> MultiGauge.Row.of(Tags.of("source", source.address()),
                source.reach())).toList(), true);
        sourceOffset.register(sources.stream().map(source -> MultiGauge.Row.of(Tags.of("source", source.address()),
                source.offsetMicros() / 1e6)).toList(), true);
    }

    void replied(Answer.Reply.Kind kind) {
        replies.get(kind).increment();
    }

    void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    void replied(Answer.Reply.Kind kind, long count) {
        replies.get(kind).increment(count);
    }

    void dropped(DropReason reason, long count) {
        drops.get(reason).increment(count);
    }

    long repliesSent(Answer.Reply.Kind kind) {
        return (long) replies.get(kind).count();
    }

    long droppedCount(DropReason reason) {
        return (long) drops.get(reason).count();
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    private MultiGauge add(MultiGauge gauge) {
        multiGauges.add(gauge);
        return gauge;
    }

    void close() {
        meters.forEach(registry::remove);
        multiGauges.forEach(gauge -> gauge.register(List.of(), true));
    }
}
