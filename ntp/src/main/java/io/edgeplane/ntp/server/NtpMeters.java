package io.edgeplane.ntp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The server's counters: replies by kind, and datagrams dropped by why. Registered at start, removed at stop. */
final class NtpMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<Answer.Reply.Kind, Counter> replies = new EnumMap<>(Answer.Reply.Kind.class);
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);

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

    void replied(Answer.Reply.Kind kind) {
        replies.get(kind).increment();
    }

    void dropped(DropReason reason) {
        drops.get(reason).increment();
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

    void close() {
        meters.forEach(registry::remove);
    }
}
