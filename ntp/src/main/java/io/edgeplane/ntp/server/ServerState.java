package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import java.util.Objects;

/**
 * What the server advertises in its replies right now: the system variables of RFC 5905 §11.1. The clock
 * discipline publishes a new one whenever they change (through one volatile reference); a request reads it once.
 *
 * @param leapIndicator  0 to 3, one of {@link NtpPacket}'s {@code LEAP_} constants
 * @param stratum        1 to 15 when synchronised, 16 when not; 16 goes on the wire as 0 ({@link #wireStratum()})
 * @param precision      log2 of the clock's precision in seconds, -128 to 127 (a JVM's wall clock: about -20)
 * @param rootDelay      round-trip delay to the primary source
 * @param rootDispersion error bound relative to the primary source
 * @param referenceId    the source's IPv4 address, a refclock name, or {@link #LOCAL_REFERENCE_ID}
 * @param referenceTime  when the clock was last set or corrected
 */
public record ServerState(
        int leapIndicator,
        int stratum,
        int precision,
        NtpShort rootDelay,
        NtpShort rootDispersion,
        int referenceId,
        NtpTimestamp referenceTime) {

    /** Stratum 16: RFC 5905's "unsynchronised"; sent as 0, as ntpd and chrony send it. */
    public static final int UNSYNCHRONISED_STRATUM = 16;

    /** About a microsecond: what a JVM reading the wall clock can promise. */
    public static final int DEFAULT_PRECISION = -20;

    /** 127.127.1.1, chrony's {@code NTP_REFID_LOCAL}: the reference ID of a server serving its own clock. */
    public static final int LOCAL_REFERENCE_ID = 0x7F7F_0101;

    private static final long SECOND_NANOS = 1_000_000_000L;

    public ServerState {
        if (leapIndicator < 0 || leapIndicator > 3) {
            throw new IllegalArgumentException("leapIndicator must be from 0 to 3, got " + leapIndicator);
        }
        if (stratum < 1 || stratum > UNSYNCHRONISED_STRATUM) {
            throw new IllegalArgumentException("stratum must be from 1 to 16 (16: unsynchronised), got " + stratum);
        }
        if (precision < Byte.MIN_VALUE || precision > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("precision must be from -128 to 127 (log2 s), got " + precision);
        }
        Objects.requireNonNull(rootDelay, "rootDelay");
        Objects.requireNonNull(rootDispersion, "rootDispersion");
        Objects.requireNonNull(referenceTime, "referenceTime");
    }

    /**
     * A server with no source, as chrony's reference module describes itself then: leap alarm (3), stratum 16
     * (sent as 0), reference ID 0, reference time zero, and root delay and dispersion of one second each.
     * A client discards the time of such a reply (RFC 5905 §8 and RFC 4330 §5 both test the alarm and stratum 0).
     */
    public static ServerState unsynchronised(int precision) {
        return new ServerState(NtpPacket.LEAP_ALARM, UNSYNCHRONISED_STRATUM, precision,
                NtpShort.ofSeconds(1), NtpShort.ofSeconds(1), 0, NtpTimestamp.ZERO);
    }

    /** {@link #unsynchronised(int)} with {@link #DEFAULT_PRECISION}. */
    public static ServerState unsynchronised() {
        return unsynchronised(DEFAULT_PRECISION);
    }

    /**
     * chrony's {@code local stratum N}: serving the local clock as if it were synchronised, to an isolated network.
     * As chrony: no leap second pending, reference ID 127.127.1.1, root delay and dispersion zero, and a reference
     * time one second before {@code nowUnixNanos}, so that it can never come after a reply's transmit time.
     *
     * <p>chrony takes "now" afresh for each reply; this state takes it when it is built. A reference time that is
     * minutes old changes nothing for a client (RFC 5905 clients compare it only with the transmit time), so
     * publishing a new state now and then, as the clock discipline does anyway, is enough.
     *
     * @param stratum 1 to 15
     */
    public static ServerState local(int stratum, int precision, long nowUnixNanos) {
        if (stratum < 1 || stratum >= UNSYNCHRONISED_STRATUM) {
            throw new IllegalArgumentException("local stratum must be from 1 to 15, got " + stratum);
        }
        return new ServerState(NtpPacket.LEAP_NONE, stratum, precision, NtpShort.ZERO, NtpShort.ZERO,
                LOCAL_REFERENCE_ID, NtpTimestamp.ofUnixNanos(nowUnixNanos - SECOND_NANOS));
    }

    /** Whether the server claims to keep time: it does unless the leap indicator is the alarm or stratum is 16. */
    public boolean synchronised() {
        return leapIndicator != NtpPacket.LEAP_ALARM && stratum < UNSYNCHRONISED_STRATUM;
    }

    /** The stratum as sent: 16 becomes 0, "unspecified", as RFC 5905 reserves 16 and up for no packet. */
    public int wireStratum() {
        return stratum >= UNSYNCHRONISED_STRATUM ? 0 : stratum;
    }
}
