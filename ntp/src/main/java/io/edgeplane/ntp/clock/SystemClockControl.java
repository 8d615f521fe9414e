package io.edgeplane.ntp.clock;

/**
 * The system clock as {@code discipline: system} steers it: the kernel's {@code CLOCK_REALTIME}, the oscillator
 * that nothing adjusts ({@code CLOCK_MONOTONIC_RAW}) and the kernel's adjustments. {@link KernelSystemClock} in
 * production; tests simulate it, because tests never change the machine's clock.
 *
 * <p>Every adjusting method throws {@link SystemClockException} when the kernel refuses, saying whether the
 * privilege ({@code CAP_SYS_TIME}) is what is missing.
 */
public interface SystemClockControl {

    /** The system clock now, in nanoseconds since the Unix epoch. */
    long realtimeNanos();

    /** The oscillator's count in nanoseconds: arbitrary origin, never adjusted, never backwards. */
    long oscillatorNanos();

    /** Sets the system clock's frequency offset, within ±500 ppm; positive runs it faster. */
    void setFrequency(double ppm);

    /**
     * Slews the system clock by {@code offsetNanos} (positive = forward) at the kernel's 500 ppm, replacing what is
     * left of the previous slew (adjtime(3)); at most {@link #MAX_SLEW_NANOS}.
     */
    void slew(long offsetNanos);

    /** Steps the system clock by {@code offsetNanos} at once (positive = forward). */
    void step(long offsetNanos);

    /**
     * Tells the kernel the clock is synchronised (clears {@code STA_UNSYNC}, which also lets it copy the time to
     * the RTC every 11 minutes) within these errors; the kernel grows the maximum error by 500 µs a second until
     * told again. Also clears the kernel PLL's modes, whose adjustments would fight these.
     */
    void markSynchronised(long maxErrorNanos, long estimatedErrorNanos);

    /** Tells the kernel the clock is not synchronised ({@code STA_UNSYNC}), the kernel PLL's modes cleared. */
    void markUnsynchronised();

    /** glibc's bound on one adjtime slew, rounded down: about 35 minutes (50 days at 500 ppm). */
    long MAX_SLEW_NANOS = 2_000_000_000_000L;

    /** The kernel's bound on the frequency offset (MAXFREQ). */
    double MAX_FREQUENCY_PPM = 500;
}
