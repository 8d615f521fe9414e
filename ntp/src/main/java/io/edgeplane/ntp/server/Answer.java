package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import java.util.Objects;

/** What {@link RequestAnswerer} made of one datagram: a reply to send, or nothing and why. */
public sealed interface Answer permits Answer.Reply, Answer.Drop {

    /**
     * A reply of 48 bytes, complete but for its transmit time, which the caller writes as the very last thing
     * before the send ({@link #stampTransmitTime(long)}, or {@link NtpPacketEncoder#writeTransmitTime} on a
     * copy): the later it is taken, the less of the server's own processing the client counts as network delay.
     * Until then the transmit time is zero, which any client discards.
     *
     * <p>The array is the reply's own, to send or copy; records compare arrays by identity.
     *
     * @param datagram                the reply, 48 bytes
     * @param transmitTimestampOffset where the transmit time goes, always 40
     * @param kind                    what sort of reply it is, for counters
     */
    record Reply(byte[] datagram, int transmitTimestampOffset, Kind kind) implements Answer {

        /** What sort of reply. */
        public enum Kind implements Outcome {
            /** The time. */
            TIME,
            /** A RATE kiss-o'-death: the client is rate limited and should poll less often. */
            RATE_KISS,
            /** A DENY kiss-o'-death: the access list refuses the client. */
            DENY_KISS
        }

        public Reply {
            Objects.requireNonNull(datagram, "datagram");
            Objects.requireNonNull(kind, "kind");
            if (datagram.length != NtpPacket.LENGTH) {
                throw new IllegalArgumentException("a reply is 48 bytes, got " + datagram.length);
            }
            if (transmitTimestampOffset != NtpPacket.TRANSMIT_TIME_OFFSET) {
                throw new IllegalArgumentException("the transmit time is at offset 40, got " + transmitTimestampOffset);
            }
        }

        /** Writes the transmit time into {@link #datagram()}: call it right before the send. */
        public void stampTransmitTime(long unixEpochNanos) {
            NtpPacketEncoder.writeTransmitTime(datagram, 0, unixEpochNanos);
        }
    }

    /** No reply. */
    record Drop(DropReason reason) implements Answer {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
