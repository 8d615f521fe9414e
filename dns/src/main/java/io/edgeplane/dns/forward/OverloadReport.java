package io.edgeplane.dns.forward;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The log line for a query refused at the in-flight cap, at most once per {@link #INTERVAL}: dnsmasq's
 * "Maximum number of concurrent DNS queries reached" says that it happened but not why, and the why is
 * nearly always one upstream that answers slowly or not at all, so the line names it.
 */
final class OverloadReport {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final LongSupplier nanos;
    private final AtomicLong nextLineAt;
    private final AtomicLong refusedSinceLine = new AtomicLong();

    OverloadReport(LongSupplier nanos) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.nextLineAt = new AtomicLong(nanos.getAsLong());
    }

    /** Counts a refused query and returns the line to log for it, or null when a line went out less than 10 s ago. */
    String refused(int maxInFlight, List<UpstreamStats> upstreams) {
        long refused = refusedSinceLine.incrementAndGet();
        long now = nanos.getAsLong();
        long due = nextLineAt.get();
        if (now - due < 0 || !nextLineAt.compareAndSet(due, now + INTERVAL.toNanos())) {
            return null;
        }
        refusedSinceLine.addAndGet(-refused);
        UpstreamStats slowest = upstreams.stream()
                .max(Comparator.comparingLong(UpstreamStats::pending).thenComparingLong(UpstreamStats::smoothedRttNanos))
                .orElseThrow();
        return "dns: " + maxInFlight + " forwarded queries in flight, the limit (maxInFlight); " + refused
                + " new quer" + (refused == 1 ? "y" : "ies") + " failed at once since the last such line. Slowest upstream: "
                + slowest;
    }
}
