package io.edgeplane.ntp.packet;

import java.time.Instant;
import java.util.Objects;

/**
 * An NTP timestamp (RFC 5905 §6): 32 bits of seconds since 1900-01-01T00:00:00Z, then 32 bits of fraction. It
 * is kept as the 64 raw bits of the wire, so that a timestamp read from a request goes back out bit for bit.
 *
 * <p>32 bits of seconds wrap every 2^32 s, about 136 years: era 0 ends, and era 1 begins, at
 * 2036-02-07T06:28:16Z. The wire does not say which era a timestamp belongs to, so a reader places it in the
 * 136-year window that starts at a pivot. {@link #toUnixNanos()} uses the pivot of RFC 4330 §3: seconds with the
 * top bit set are in era 0 (1968-01-20 to 2036-02-07), those with it clear in era 1 (2036-02-07 to 2104-02-26).
 * {@link #toUnixNanos(long)} takes any other pivot, as chrony's {@code NTP_ERA_SPLIT} does (chrony puts its
 * window's start decades before the build), for a reader that must see past 2104.
 *
 * <p>Writing goes the other way and needs no pivot: the era is dropped.
 */
public record NtpTimestamp(long bits) {

    /** All zero bits: RFC 5905's "unknown or not set"; a client discards a reply whose transmit time is zero. */
    public static final NtpTimestamp ZERO = new NtpTimestamp(0);

    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970): 70 years, 17 of them leap years. */
    public static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;

    /** RFC 4330's pivot, 1968-01-20T03:14:08Z: the Unix time of NTP seconds 2^31 in era 0. */
    public static final long RFC_4330_PIVOT_UNIX_SECONDS = (1L << 31) - UNIX_EPOCH_NTP_SECONDS;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long ERA_SECONDS = 1L << 32;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    // A pivot's window, [pivot, pivot + 2^32 s), must fit in a long of nanoseconds (1677 to 2262).
    private static final long MIN_PIVOT = Long.MIN_VALUE / NANOS_PER_SECOND + 1;
    private static final long MAX_PIVOT = Long.MAX_VALUE / NANOS_PER_SECOND - ERA_SECONDS - 1;

    /** The timestamp of a Unix time in nanoseconds, before 1970 included; the era is dropped. */
    public static NtpTimestamp ofUnixNanos(long unixNanos) {
        return new NtpTimestamp(bitsOfUnixNanos(unixNanos));
    }

    /**
     * The 64 wire bits of {@link #ofUnixNanos(long)}, without the record: what a reply written straight into a
     * send buffer needs, allocating nothing.
     */
    public static long bitsOfUnixNanos(long unixNanos) {
        return bitsOf(Math.floorDiv(unixNanos, NANOS_PER_SECOND), Math.floorMod(unixNanos, NANOS_PER_SECOND));
    }

    /** The timestamp of an instant, of any year; the era is dropped. */
    public static NtpTimestamp ofInstant(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return new NtpTimestamp(bitsOf(instant.getEpochSecond(), instant.getNano()));
    }

    private static long bitsOf(long unixSeconds, long nanos) {
        // Rounded to the nearest 2^-32 s (0.23 ns), finer than a nanosecond, so nanos -> NTP -> nanos is exact.
        // 999_999_999 ns rounds to 2^32 - 4, so the fraction never carries into the seconds.
        long fraction = ((nanos << 32) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        long seconds = (unixSeconds + UNIX_EPOCH_NTP_SECONDS) & LOW_32;
        return seconds << 32 | fraction;
    }

    /** The 32 bits of seconds, unsigned. */
    public long seconds() {
        return bits >>> 32;
    }

    /** The 32 bits of fraction of a second, unsigned. */
    public long fraction() {
        return bits & LOW_32;
    }

    public boolean isZero() {
        return bits == 0;
    }

    /** Unix time in nanoseconds, the era chosen by RFC 4330's pivot (1968 to 2104). */
    public long toUnixNanos() {
        return toUnixNanos(RFC_4330_PIVOT_UNIX_SECONDS);
    }

    /**
     * Unix time in nanoseconds, in the 136-year window that starts at {@code pivotUnixSeconds}.
     *
     * @param pivotUnixSeconds the window's first second; the window must end before 2262 (a long of nanoseconds)
     */
    public long toUnixNanos(long pivotUnixSeconds) {
        return unixSeconds(pivotUnixSeconds) * NANOS_PER_SECOND + fractionNanos();
    }

    /** The instant, the era chosen by RFC 4330's pivot (1968 to 2104). */
    public Instant toInstant() {
        return Instant.ofEpochSecond(unixSeconds(RFC_4330_PIVOT_UNIX_SECONDS), fractionNanos());
    }

    private long unixSeconds(long pivotUnixSeconds) {
        if (pivotUnixSeconds < MIN_PIVOT || pivotUnixSeconds > MAX_PIVOT) {
            throw new IllegalArgumentException("pivot must be from " + MIN_PIVOT + " to " + MAX_PIVOT
                    + " Unix seconds, so that its 136-year window fits in a long of nanoseconds; got "
                    + pivotUnixSeconds);
        }
        long pivotNtpSeconds = pivotUnixSeconds + UNIX_EPOCH_NTP_SECONDS;
        // Seconds since the pivot, modulo an era: the one reading of the 32 bits that lies in the window.
        return pivotUnixSeconds + ((seconds() - pivotNtpSeconds) & LOW_32);
    }

    /** The fraction in nanoseconds, rounded; 1e9 for the last 2^-32 s of a second, which the caller carries. */
    private long fractionNanos() {
        return (fraction() * NANOS_PER_SECOND + (1L << 31)) >>> 32;
    }

    @Override
    public String toString() {
        return isZero() ? "NtpTimestamp[ZERO]"
                : "NtpTimestamp[0x" + Long.toHexString(bits) + " = " + toInstant() + "]";
    }
}
