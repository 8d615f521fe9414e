package io.edgeplane.ntp.clock;

import io.edgeplane.config.ntp.NtpMakestepConfig;
import java.util.Objects;

/**
 * When a clock update steps the clock instead of slewing it, as chrony's {@code makestep threshold limit}: an
 * offset larger than the threshold is stepped, but only in the first {@code limit} clock updates (a negative limit:
 * in any update; 0: never). Everything else is slewed, so a clock far off at start is right within one poll and a
 * clock in service never jumps.
 *
 * @param thresholdNanos offsets whose magnitude is above this are stepped (strictly above, as chrony compares)
 * @param limit          steps are allowed in the first this many clock updates; {@link #ALWAYS} = in any update
 */
public record MakestepPolicy(long thresholdNanos, int limit) {

    /** chrony's negative limit: step in any update when the offset is above the threshold. */
    public static final int ALWAYS = -1;

    /** Never step: every offset is slewed (chrony without a {@code makestep} line). */
    public static final MakestepPolicy NEVER = new MakestepPolicy(0, 0);

    public MakestepPolicy {
        if (thresholdNanos < 0) {
            throw new IllegalArgumentException("makestep threshold must be 0 ns or more, got " + thresholdNanos);
        }
        if (limit < ALWAYS) {
            throw new IllegalArgumentException(
                    "makestep limit must be -1 (any update), 0 (never) or a number of updates, got " + limit);
        }
    }

    /** The policy a validated {@code ntp.makestep} config asks for. */
    public static MakestepPolicy from(NtpMakestepConfig config) {
        Objects.requireNonNull(config, "config");
        return new MakestepPolicy(config.threshold().toNanos(), config.limit());
    }

    /**
     * Whether an update whose offset is {@code offsetNanos} steps the clock.
     *
     * @param updatesSoFar clock updates made before this one (steps and slews, not rejected measurements)
     */
    public boolean steps(long offsetNanos, long updatesSoFar) {
        boolean withinLimit = limit == ALWAYS || updatesSoFar < limit;
        // Math.abs(Long.MIN_VALUE) is negative; no real offset is that large, but a step is the sane answer for it.
        return withinLimit && (offsetNanos == Long.MIN_VALUE || Math.abs(offsetNanos) > thresholdNanos);
    }
}
