package io.edgeplane.ntp.clock;

import java.util.ArrayList;
import java.util.List;

/**
 * A kernel clock in a test's hands: an oscillator running at (1 + e) times the true rate drives both the raw count
 * and the system clock, and the system clock also runs at the frequency offset it was given and slews an adjtime
 * offset at 500 ppm, as Linux does. True time only moves when the test says so, in steps short enough for the slew
 * to be followed closely. Nothing here touches a real clock.
 */
final class SimulatedSystemClock implements SystemClockControl {

    /** 2026-01-01T00:00:00Z. */
    static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;

    private static final long RAW_START = 9_000_000_000_000L;
    private static final double SLEW_RATE = 500e-6;
    private static final long MAX_ADVANCE_NANOS = 10_000_000L;

    private final double rateError;
    private long elapsedTrueNanos;
    private double rawNanos;
    // Whole nanoseconds in a long and the fraction apart: a double near 1.8e18 resolves only 256 ns.
    private long realtimeNanos;
    private double realtimeFraction;
    private double frequencyPpm;
    private double pendingSlewNanos;
    private boolean permitted = true;
    private String failure;
    private Boolean synchronised;
    private long maxErrorNanos;
    private final List<Long> steps = new ArrayList<>();
    private long adjustments;

    /**
     * @param rateError          e: +50e-6 is an oscillator gaining 50 µs a second
     * @param initialOffsetNanos the system clock minus true time at the start
     */
    SimulatedSystemClock(double rateError, long initialOffsetNanos) {
        this.rateError = rateError;
        this.realtimeNanos = EPOCH_NANOS + initialOffsetNanos;
    }

    long trueNanos() {
        return EPOCH_NANOS + elapsedTrueNanos;
    }

    /** True time moves on; the system clock follows in slices of at most 10 ms so that slews end where they should. */
    void advance(long trueNanos) {
        for (long left = trueNanos; left > 0; left -= MAX_ADVANCE_NANOS) {
            long slice = Math.min(left, MAX_ADVANCE_NANOS);
            double raw = slice * (1 + rateError);
            elapsedTrueNanos += slice;
            rawNanos += raw;
            double slewed = Math.clamp(pendingSlewNanos, -SLEW_RATE * raw, SLEW_RATE * raw);
            pendingSlewNanos -= slewed;
            realtimeFraction += raw * (1 + frequencyPpm * 1e-6) + slewed;
            long whole = (long) Math.floor(realtimeFraction);
            realtimeNanos += whole;
            realtimeFraction -= whole;
        }
    }

    /** Someone (an admin, another daemon) sets the system clock. */
    void stepBySomeoneElse(long nanos) {
        realtimeNanos += nanos;
    }

    void denyPermission() {
        permitted = false;
    }

    /** Every adjustment fails with {@code message} (not a permission problem) until {@link #recover()}. */
    void failWith(String message) {
        failure = message;
    }

    void recover() {
        failure = null;
    }

    /** The oscillator's gain as chrony counts it: per second of its own, e / (1 + e). */
    double gainPpm() {
        return rateError / (1 + rateError) * 1e6;
    }

    double frequencyPpm() {
        return frequencyPpm;
    }

    long pendingSlewNanos() {
        return Math.round(pendingSlewNanos);
    }

    List<Long> steps() {
        return steps;
    }

    Boolean synchronised() {
        return synchronised;
    }

    long maxErrorNanos() {
        return maxErrorNanos;
    }

    long adjustments() {
        return adjustments;
    }

    @Override
    public long realtimeNanos() {
        return realtimeNanos + Math.round(realtimeFraction);
    }

    @Override
    public long oscillatorNanos() {
        return RAW_START + Math.round(rawNanos);
    }

    @Override
    public void setFrequency(double ppm) {
        check();
        if (!(Math.abs(ppm) <= MAX_FREQUENCY_PPM)) {
            throw new SystemClockException("EINVAL: frequency " + ppm, false, null);
        }
        frequencyPpm = ppm;
    }

    @Override
    public void slew(long offsetNanos) {
        check();
        if (Math.abs(offsetNanos) > MAX_SLEW_NANOS) {
            throw new SystemClockException("EINVAL: slew " + offsetNanos, false, null);
        }
        // The kernel counts microseconds.
        pendingSlewNanos = Math.round(offsetNanos / 1_000.0) * 1_000.0;
    }

    @Override
    public void step(long offsetNanos) {
        check();
        realtimeNanos += offsetNanos;
        steps.add(offsetNanos);
    }

    @Override
    public void markSynchronised(long maxErrorNanos, long estimatedErrorNanos) {
        check();
        this.synchronised = true;
        this.maxErrorNanos = maxErrorNanos;
    }

    @Override
    public void markUnsynchronised() {
        check();
        this.synchronised = false;
    }

    private void check() {
        if (!permitted) {
            throw new SystemClockException("clock_adjtime(ADJ_STATUS) failed: EPERM: needs CAP_SYS_TIME", true, null);
        }
        if (failure != null) {
            throw new SystemClockException(failure, false, null);
        }
        adjustments++;
    }
}
