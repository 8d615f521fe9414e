package io.edgeplane.dns.forward;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One upstream's counters and smoothed round-trip time, updated from any event loop and read by metrics and
 * by {@link ForwardSettings.Strategy#FASTEST}.
 */
public final class UpstreamStats {

    /** The RTT is smoothed as TCP smooths it (RFC 6298): each sample moves it an eighth of the way. */
    private static final int SMOOTHING_SHIFT = 3;
    private static final long UNMEASURED = -1;

    private final UpstreamServer server;
    private final LongAdder queries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong smoothedRttNanos = new AtomicLong(UNMEASURED);

    UpstreamStats(UpstreamServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    public UpstreamServer server() {
        return server;
    }

    /** Queries sent to it, over UDP and TCP. */
    public long queries() {
        return queries.sum();
    }

    /** Queries it answered with SERVFAIL or REFUSED, or whose TCP connection failed. */
    public long failures() {
        return failures.sum();
    }

    /** Queries it did not answer in time. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Queries sent to it and not yet answered or timed out. */
    public long pending() {
        return pending.get();
    }

    /** The smoothed round-trip time; zero before its first reply or timeout. */
    public Duration smoothedRtt() {
        return Duration.ofNanos(Math.max(0, smoothedRttNanos.get()));
    }

    long smoothedRttNanos() {
        return Math.max(0, smoothedRttNanos.get());
    }

    void sent() {
        queries.increment();
        pending.incrementAndGet();
    }

    void replied(long rttNanos) {
        pending.decrementAndGet();
        sample(rttNanos);
    }

    /** A reply that said SERVFAIL or REFUSED; its round trip was already counted by {@link #replied}. */
    void countFailure() {
        failures.increment();
    }

    void failed() {
        pending.decrementAndGet();
        failures.increment();
    }

    /** A timeout counts as a round trip of the whole timeout, so that a server that stopped answering sinks in FASTEST's order. */
    void timedOut(long timeoutNanos) {
        pending.decrementAndGet();
        timeouts.increment();
        sample(timeoutNanos);
    }

    private void sample(long rttNanos) {
        long sample = Math.max(0, rttNanos);
        smoothedRttNanos.updateAndGet(old -> old == UNMEASURED ? sample : old + ((sample - old) >> SMOOTHING_SHIFT));
    }

    @Override
    public String toString() {
        return server.address() + " (" + pending() + " pending, smoothed RTT " + smoothedRtt().toMillis() + " ms, "
                + timeouts() + " timeouts and " + failures() + " failures in " + queries() + " queries)";
    }
}
