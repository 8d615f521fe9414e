package io.edgeplane.ntp.clock;

import java.util.OptionalLong;

/**
 * A snapshot of the disciplined clock for stats (chronyc tracking's figures).
 *
 * @param correctionNanos    edgeplane's time minus the system clock's time now
 * @param remainingSlewNanos offset still to be slewed out; positive = the time scale will still move forward
 * @param frequencyPpm       the system clock's estimated gain (chrony's sign); the time scale runs that much slower
 * @param frequencyErrorPpm  the estimate's error (one standard deviation)
 * @param lastOffsetNanos    the offset the last clock update stepped or slewed (RFC 5905's sign)
 * @param lastUpdate         monotonic time of the last clock update; empty before the first
 * @param updates            clock updates so far (steps and slews, not held measurements)
 * @param steps              steps taken so far, makestep's and manual ones
 * @param synchronised       whether a measurement has ever corrected the time scale
 */
public record ClockState(
        long correctionNanos,
        long remainingSlewNanos,
        double frequencyPpm,
        double frequencyErrorPpm,
        long lastOffsetNanos,
        OptionalLong lastUpdate,
        long updates,
        long steps,
        boolean synchronised) {
}
