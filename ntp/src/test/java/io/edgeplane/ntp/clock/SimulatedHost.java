package io.edgeplane.ntp.clock;

/**
 * A host whose oscillator runs at (1 + e) times the true rate, driving both its monotonic clock and its system
 * (wall) clock, as CLOCK_MONOTONIC and CLOCK_REALTIME share one oscillator on Linux; the wall clock starts off true
 * time by a given offset and can be stepped by "someone else". True time only moves when the test says so.
 */
final class SimulatedHost {

    /** 2026-01-01T00:00:00Z. */
    static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;

    private static final long MONOTONIC_START = 5_000_000_000_000L;

    private final long wallStartNanos;
    private double rateError;
    private long elapsedTrueNanos;
    // A double counts nanoseconds exactly up to 2^53, about 104 days: far beyond any simulation here.
    private double oscillatorNanos;
    private long wallStepsNanos;

    /**
     * @param rateError          e: +50e-6 is a clock gaining 50 µs per second
     * @param initialOffsetNanos the wall clock minus true time at the start
     */
    SimulatedHost(double rateError, long initialOffsetNanos) {
        this.rateError = rateError;
        this.wallStartNanos = EPOCH_NANOS + initialOffsetNanos;
    }

    long trueNanos() {
        return EPOCH_NANOS + elapsedTrueNanos;
    }

    long monotonicNanos() {
        return MONOTONIC_START + oscillatorNanos();
    }

    long wallNanos() {
        return wallStartNanos + oscillatorNanos() + wallStepsNanos;
    }

    void advance(long trueNanos) {
        if (trueNanos < 0) {
            throw new IllegalArgumentException("true time only moves forward, got " + trueNanos);
        }
        elapsedTrueNanos += trueNanos;
        oscillatorNanos += trueNanos * (1 + rateError);
    }

    /** The oscillator's rate changes (temperature): from now on it runs at (1 + e) times the true rate. */
    void changeRateError(double rateError) {
        this.rateError = rateError;
    }

    /** Someone (an admin, the host's own time daemon) steps the system clock. */
    void stepWall(long nanos) {
        wallStepsNanos += nanos;
    }

    /** The clock's gain as chrony counts it: per second of the clock's own, e / (1 + e). */
    double gainPpm() {
        return rateError / (1 + rateError) * 1e6;
    }

    private long oscillatorNanos() {
        return Math.round(oscillatorNanos);
    }
}
