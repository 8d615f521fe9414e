package io.edgeplane.ntp.client;

import io.edgeplane.ntp.packet.NtpPacket;
import java.util.Objects;

/**
 * One exchange with a source, RFC 5905's four timestamps as Unix nanoseconds: T1 our request left, T2 the server
 * received it, T3 the server replied, T4 the reply arrived (T1 and T4 on our own time scale), and the reply,
 * for what the server says of itself (stratum, root delay and dispersion, reference ID, precision, leap).
 */
public record Measurement(long t1, long t2, long t3, long t4, NtpPacket reply) {

    public Measurement {
        Objects.requireNonNull(reply, "reply");
    }

    /** θ = ((T2 − T1) + (T3 − T4)) / 2: how far our time is behind the server's (RFC 5905 §8). */
    public long offsetNanos() {
        return ((t2 - t1) + (t3 - t4)) / 2;
    }

    /** δ = (T4 − T1) − (T3 − T2): the round trip, less the server's own time; never below 0. */
    public long delayNanos() {
        return Math.max(0, (t4 - t1) - (t3 - t2));
    }
}
