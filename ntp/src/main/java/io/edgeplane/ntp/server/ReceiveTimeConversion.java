package io.edgeplane.ntp.server;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Puts the kernel's receive timestamps on the served time scale. The kernel stamps a datagram with
 * {@code CLOCK_REALTIME}; the time served is edgeplane's own scale, the system clock plus a correction
 * ({@code discipline: none}) or the raw oscillator plus a correction ({@code discipline: system}). So a receive
 * time served is the kernel's stamp plus (served now − realtime now), that difference measured when a batch is
 * read ({@link #calibrate()}): realtime read on both sides of the served clock, the difference taken against
 * their midpoint.
 *
 * <p>The error, sub-microsecond: half the ~50 ns between the two realtime reads, plus how far the two scales
 * drift apart between the stamp and the calibration, which is the stamp's age (microseconds below saturation, at
 * most the socket's queue, a few milliseconds) times their rate difference: zero with {@code discipline: none}
 * (the served scale runs on {@code CLOCK_MONOTONIC}, which the kernel slews with the realtime clock) unless the
 * system clock is stepped in between, and with {@code discipline: system} the kernel clock's slew towards the
 * served scale, at most 500 ppm (0.5 µs per millisecond of age), usually a few ppm.
 *
 * <p>Not thread-safe: one per socket, on its thread.
 */
final class ReceiveTimeConversion {

    private final LongSupplier realtimeNanos;
    private final LongSupplier servedUnixNanos;
    /** Two clock reads take well under a microsecond; more means the thread was interrupted between them. */
    static final long MAX_BRACKET_NANOS = 20_000;

    private long servedMinusRealtime;
    private boolean calibrated;

    /**
     * @param realtimeNanos   {@code CLOCK_REALTIME}, the clock of the kernel's stamps, in nanoseconds since 1970
     * @param servedUnixNanos the served time scale, in nanoseconds since 1970
     */
    ReceiveTimeConversion(LongSupplier realtimeNanos, LongSupplier servedUnixNanos) {
        this.realtimeNanos = Objects.requireNonNull(realtimeNanos, "realtimeNanos");
        this.servedUnixNanos = Objects.requireNonNull(servedUnixNanos, "servedUnixNanos");
    }

    /**
     * Measures the served scale against the realtime clock now: once per batch, before {@link #served}. A thread
     * preempted between the reads would put the midpoint off by half the gap (the bench saw 40-90 ms replies), so
     * a measurement whose realtime reads lie more than {@link #MAX_BRACKET_NANOS} apart is taken again, twice at
     * most, and then the last good one is kept: the difference moves by nanoseconds between batches, unless the
     * system clock is stepped.
     */
    void calibrate() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = realtimeNanos.getAsLong();
            long served = servedUnixNanos.getAsLong();
            long after = realtimeNanos.getAsLong();
            if (after - before <= MAX_BRACKET_NANOS || !calibrated) {
                servedMinusRealtime = served - (before + (after - before) / 2);
                calibrated = true;
                if (after - before <= MAX_BRACKET_NANOS) {
                    return;
                }
            }
        }
    }

    /** The kernel's {@code CLOCK_REALTIME} stamp on the served scale, as of the last {@link #calibrate()}. */
    long served(long kernelRealtimeNanos) {
        return kernelRealtimeNanos + servedMinusRealtime;
    }

    /** The served scale minus the realtime clock at the last calibration. */
    long servedMinusRealtime() {
        return servedMinusRealtime;
    }
}
