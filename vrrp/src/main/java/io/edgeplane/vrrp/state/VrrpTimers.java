package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.VrrpAdvertisement;

/**
 * The timer values of RFC 3768 §6.1 and RFC 5798 §6.1, as keepalived computes them, in nanoseconds.
 *
 * <ul>
 *   <li>version 2: Skew_Time = (256 − Priority) / 256 s, whatever the advertisement interval;</li>
 *   <li>version 3: Skew_Time = ((256 − Priority) × Master_Adver_Interval) / 256 (RFC 5798 with its erratum);</li>
 *   <li>Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time.</li>
 * </ul>
 * Priority is the instance's effective priority, as keepalived uses it since tracking can change it.
 */
public final class VrrpTimers {

    private static final long SECOND = 1_000_000_000L;
    /** Advertisements a backup misses before it takes over. */
    static final int MISSED_ADVERTS = 3;

    private VrrpTimers() {
    }

    /** Skew_Time for {@code priority} (1 to 255) with {@code masterAdverInterval} (ignored in version 2). */
    public static long skewNanos(int version, int priority, long masterAdverIntervalNanos) {
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority must be from 1 to 255, got " + priority);
        }
        long weight = 256 - priority;
        return version == VrrpAdvertisement.VERSION_2
                ? weight * SECOND / 256
                : weight * masterAdverIntervalNanos / 256;
    }

    /** Master_Down_Interval: 3 × Master_Adver_Interval + Skew_Time. */
    public static long masterDownNanos(int version, int priority, long masterAdverIntervalNanos) {
        return MISSED_ADVERTS * masterAdverIntervalNanos + skewNanos(version, priority, masterAdverIntervalNanos);
    }
}
