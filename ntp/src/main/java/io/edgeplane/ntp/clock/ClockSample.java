package io.edgeplane.ntp.clock;

/**
 * One offset measurement given to the {@link ClockDiscipline}, together with the correction the steered clock
 * carried when it was taken, so that the discipline can see through its own corrections to the free-running clock.
 *
 * @param monotonicNanos  when the measurement was taken, on the monotonic clock
 * @param offsetNanos     true time minus the steered clock's time (RFC 5905's θ): positive = the clock is behind
 * @param correctionNanos the steered clock minus the free-running clock at that moment
 * @param errorNanos      the measurement's estimated error (e.g. its root distance), 0 or more; used as a weight
 */
public record ClockSample(long monotonicNanos, long offsetNanos, long correctionNanos, long errorNanos) {

    public ClockSample {
        if (errorNanos < 0) {
            throw new IllegalArgumentException("measurement error must be 0 ns or more, got " + errorNanos);
        }
    }

    /** True time minus the free-running clock: the quantity whose line the discipline fits. */
    public long freeRunningOffsetNanos() {
        return offsetNanos + correctionNanos;
    }
}
