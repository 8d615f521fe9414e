package io.edgeplane.ntp.packet;

import java.util.Objects;

/**
 * The 48-byte NTP header (RFC 5905 §7.3), field by field as it is on the wire. Extension fields and a MAC, which
 * may follow it, are not part of it: {@link NtpPacketDecoder} checks their framing and counts them.
 *
 * @param leapIndicator  0 to 3, one of the {@code LEAP_} constants
 * @param version        0 to 7; 1 to 4 are the versions there are
 * @param mode           0 to 7, one of the {@code MODE_} constants (0 is reserved)
 * @param stratum        0 to 255: 0 unspecified (and a kiss-o'-death), 1 primary, 2 to 15 secondary, 16 unsynchronised
 * @param poll           log2 of the poll interval in seconds, a signed byte
 * @param precision      log2 of the clock's precision in seconds, a signed byte
 * @param referenceId    four bytes: the source's address, a refclock name, or a {@link KissCode} when stratum is 0
 * @param referenceTime  when the clock was last set or corrected
 * @param originTime     the request's transmit time, as the client sent it
 * @param receiveTime    when the request arrived
 * @param transmitTime   when this packet left
 */
public record NtpPacket(
        int leapIndicator,
        int version,
        int mode,
        int stratum,
        int poll,
        int precision,
        NtpShort rootDelay,
        NtpShort rootDispersion,
        int referenceId,
        NtpTimestamp referenceTime,
        NtpTimestamp originTime,
        NtpTimestamp receiveTime,
        NtpTimestamp transmitTime) {

    /** The header's length, and an answer's whole length: this server adds no extension field or MAC. */
    public static final int LENGTH = 48;

    /** The version this server speaks; it answers 1 to 4, each in its own. */
    public static final int VERSION = 4;

    public static final int LEAP_NONE = 0;
    /** The last minute of the day has 61 seconds. */
    public static final int LEAP_ADD_SECOND = 1;
    /** The last minute of the day has 59 seconds. */
    public static final int LEAP_DELETE_SECOND = 2;
    /** The alarm condition: the clock is not synchronised. */
    public static final int LEAP_ALARM = 3;

    public static final int MODE_SYMMETRIC_ACTIVE = 1;
    public static final int MODE_SYMMETRIC_PASSIVE = 2;
    public static final int MODE_CLIENT = 3;
    public static final int MODE_SERVER = 4;
    public static final int MODE_BROADCAST = 5;
    /** NTP control messages (ntpq), a format of their own. */
    public static final int MODE_CONTROL = 6;
    /** ntpd's private messages (ntpdc, monlist). */
    public static final int MODE_PRIVATE = 7;

    /** Byte offsets of the fields a server writes after encoding, or copies bit for bit. */
    public static final int ORIGIN_TIME_OFFSET = 24;
    public static final int RECEIVE_TIME_OFFSET = 32;
    public static final int TRANSMIT_TIME_OFFSET = 40;

    public NtpPacket {
        checkRange("leapIndicator", leapIndicator, 0, 3);
        checkRange("version", version, 0, 7);
        checkRange("mode", mode, 0, 7);
        checkRange("stratum", stratum, 0, 255);
        checkRange("poll", poll, Byte.MIN_VALUE, Byte.MAX_VALUE);
        checkRange("precision", precision, Byte.MIN_VALUE, Byte.MAX_VALUE);
        Objects.requireNonNull(rootDelay, "rootDelay");
        Objects.requireNonNull(rootDispersion, "rootDispersion");
        Objects.requireNonNull(referenceTime, "referenceTime");
        Objects.requireNonNull(originTime, "originTime");
        Objects.requireNonNull(receiveTime, "receiveTime");
        Objects.requireNonNull(transmitTime, "transmitTime");
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
