package io.edgeplane.core.os;

import java.time.Instant;
import java.util.Set;

/**
 * The kernel clock's discipline as one {@code clock_adjtime} call with {@code modes = 0} read it, in units that
 * do not depend on {@code STA_NANO}.
 *
 * @param state          the leap-second state (the call's return value)
 * @param offsetNanos    the PLL's remaining time offset, in nanoseconds
 * @param frequencyPpm   the frequency offset, in ppm (the kernel's 16.16 fixed point, converted)
 * @param maxErrorMicros the maximum error, in microseconds (grows by 500 µs/s until a daemon sets it)
 * @param estErrorMicros the estimated error, in microseconds
 * @param statusBits     the raw {@code status} word, unknown bits included
 * @param timeConstant   the PLL time constant
 * @param precisionMicros the clock precision, in microseconds
 * @param tolerancePpm   the largest frequency offset the kernel accepts, in ppm
 * @param time           the clock's time when the call ran
 * @param tickMicros     the microseconds added to the clock every tick
 * @param taiOffset      TAI - UTC, in seconds, as a daemon last set it
 */
public record KernelClockState(ClockState state, long offsetNanos, double frequencyPpm, long maxErrorMicros,
                               long estErrorMicros, int statusBits, long timeConstant, long precisionMicros,
                               double tolerancePpm, Instant time, long tickMicros, int taiOffset) {

    /** The known status bits that are set. */
    public Set<ClockStatus> status() {
        return ClockStatus.of(statusBits);
    }

    /** Whether {@code flag} is set in the status word. */
    public boolean has(ClockStatus flag) {
        return (statusBits & flag.mask()) != 0;
    }

    /** Whether a daemon has marked the clock synchronised: {@code STA_UNSYNC} is clear. */
    public boolean synchronised() {
        return !has(ClockStatus.STA_UNSYNC);
    }

    /** Whether the kernel's PLL is applying offsets: {@code STA_PLL} is set. */
    public boolean pll() {
        return has(ClockStatus.STA_PLL);
    }

    /** Whether the kernel reported offsets in nanoseconds ({@code STA_NANO}); the record is in nanoseconds either way. */
    public boolean nanoResolution() {
        return has(ClockStatus.STA_NANO);
    }
}
