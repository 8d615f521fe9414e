package io.edgeplane.ntp.clock;

/**
 * The time scale's correction from one clock update to the next: a value at the update, a frequency correction,
 * and an offset being slewed out at the bounded rate, as the kernel's adjtime slews. Immutable, so readers on any
 * thread evaluate it without a lock.
 *
 * @param startNanos    monotonic time of the update that began this segment
 * @param baseNanos     the correction at {@code startNanos}
 * @param frequencyPpm  the system clock's gain being corrected for; the correction changes at its negative
 * @param slewNanos     the offset to be slewed out from {@code startNanos} on (positive = forward)
 * @param slewRatePpm   how fast it is slewed out, parts per million of elapsed time
 */
record CorrectionSegment(long startNanos, long baseNanos, double frequencyPpm, long slewNanos, double slewRatePpm) {

    CorrectionSegment {
        if (!Double.isFinite(frequencyPpm)) {
            throw new IllegalArgumentException("frequency must be a finite number of ppm, got " + frequencyPpm);
        }
        if (!(slewRatePpm > 0) || slewRatePpm > 1_000_000) {
            throw new IllegalArgumentException("slew rate must be above 0 and below 1e6 ppm, got " + slewRatePpm);
        }
    }

    /** A segment with nothing left to slew. */
    static CorrectionSegment steady(long startNanos, long baseNanos, double frequencyPpm, double slewRatePpm) {
        return new CorrectionSegment(startNanos, baseNanos, frequencyPpm, 0, slewRatePpm);
    }

    /** The correction at monotonic time {@code nanos}: base, minus the gain since the start, plus the slew so far. */
    long correctionAt(long nanos) {
        long elapsed = nanos - startNanos;
        // One rounding of the whole change: its slope is within ±1e-3, so it never drops by more than the 1 ns the
        // system clock gains in 1 ns, and the time scale never reads backwards between two updates. A reader that
        // took its monotonic reading just before a writer began this segment sees a small negative elapsed time;
        // extrapolating the frequency term back is right to within nanoseconds, slewing back is not, so it is not.
        return baseNanos + Math.round(-frequencyPpm * 1e-6 * elapsed + slewedAt(elapsed));
    }

    /** The part of the slew not yet applied at monotonic time {@code nanos}. */
    long remainingSlewAt(long nanos) {
        return slewNanos - Math.round(slewedAt(nanos - startNanos));
    }

    /** This segment carried on from {@code nanos} with a new value, frequency and slew. */
    CorrectionSegment next(long nanos, long baseNanos, double frequencyPpm, long slewNanos) {
        return new CorrectionSegment(nanos, baseNanos, frequencyPpm, slewNanos, slewRatePpm);
    }

    private double slewedAt(long elapsed) {
        if (elapsed <= 0 || slewNanos == 0) {
            return 0;
        }
        double bound = slewRatePpm * 1e-6 * elapsed;
        return slewNanos > 0 ? Math.min(slewNanos, bound) : Math.max(slewNanos, -bound);
    }
}
