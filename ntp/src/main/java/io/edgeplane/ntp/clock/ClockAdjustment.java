package io.edgeplane.ntp.clock;

/**
 * What the {@link ClockDiscipline} decided for one measurement. The offsets follow RFC 5905's sign: positive
 * means the clock is behind and must move forward. The frequency is the free-running clock's gain as in
 * {@link Drift} (chrony's sign); the clock is corrected by its negative.
 */
public sealed interface ClockAdjustment {

    /** When the measurement behind this decision was taken, on the monotonic clock. */
    long atMonotonicNanos();

    /** Correct {@code offsetNanos} gradually at the bounded slew rate, and run at the new frequency. */
    record Slew(long atMonotonicNanos, long offsetNanos, double frequencyPpm) implements ClockAdjustment {
    }

    /** Jump by {@code offsetNanos} at once (makestep allowed it), and run at the new frequency. */
    record Step(long atMonotonicNanos, long offsetNanos, double frequencyPpm) implements ClockAdjustment {
    }

    /**
     * Leave the clock alone: the measurement disagreed with the recent ones by {@code residualNanos}, more than
     * {@code limitNanos}, and is held as a possible spike until it persists (RFC 5905's SPIK state).
     */
    record Hold(long atMonotonicNanos, long residualNanos, long limitNanos) implements ClockAdjustment {
    }
}
