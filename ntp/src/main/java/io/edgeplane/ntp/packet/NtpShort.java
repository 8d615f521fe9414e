package io.edgeplane.ntp.packet;

/**
 * The NTP short format (RFC 5905 §6): 16 bits of seconds and 16 of fraction, unsigned, as the root delay and root
 * dispersion travel. It holds 0 to 65535.99998 s in steps of 15.3 µs.
 *
 * <p>Conversions into it saturate, and round up: both values bound the error a client may assume of this server,
 * so advertising a little more is safe and a little less is not (chrony's {@code UTI_DoubleToNtp32} rounds up too).
 */
public record NtpShort(int bits) {

    public static final NtpShort ZERO = new NtpShort(0);

    /** The largest value, 65535.99998 s: what anything longer saturates to. */
    public static final NtpShort MAX = new NtpShort(-1);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long UNSIGNED_MAX = 0xFFFF_FFFFL;
    private static final long SATURATED_NANOS = 65_536L * NANOS_PER_SECOND;

    /** Nanoseconds, rounded up; negative gives {@link #ZERO}, 65536 s or more gives {@link #MAX}. */
    public static NtpShort ofNanos(long nanos) {
        if (nanos <= 0) {
            return ZERO;
        }
        if (nanos >= SATURATED_NANOS) {
            return MAX;
        }
        // nanos << 16 stays below 2^62 here; the last nanoseconds below 65536 s round up past the maximum.
        long raw = Math.ceilDiv(nanos << 16, NANOS_PER_SECOND);
        return new NtpShort((int) Math.min(raw, UNSIGNED_MAX));
    }

    /** Seconds, rounded up; negative gives {@link #ZERO}, 65536 s or more (infinity too) gives {@link #MAX}. */
    public static NtpShort ofSeconds(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("seconds must be a number, got NaN");
        }
        if (seconds <= 0) {
            return ZERO;
        }
        double raw = Math.ceil(seconds * 65_536.0);
        return raw >= UNSIGNED_MAX ? MAX : new NtpShort((int) (long) raw);
    }

    public long toNanos() {
        return (Integer.toUnsignedLong(bits) * NANOS_PER_SECOND + (1L << 15)) >>> 16;
    }

    public double toSeconds() {
        return Integer.toUnsignedLong(bits) / 65_536.0;
    }

    @Override
    public String toString() {
        return "NtpShort[" + toSeconds() + " s]";
    }
}
