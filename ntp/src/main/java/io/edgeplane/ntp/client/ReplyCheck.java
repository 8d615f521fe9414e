package io.edgeplane.ntp.client;

import io.edgeplane.ntp.packet.DecodeResult;
import io.edgeplane.ntp.packet.KissCode;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketDecoder;

/**
 * Checks a datagram that arrived for a request, RFC 5905 §8's tests as chrony applies them: it must be a
 * well-formed server reply (mode 4) whose origin time is exactly the transmit time the request carried (a
 * random 64-bit cookie, not our clock: an off-path attacker cannot guess it, and our clock is not revealed),
 * not a duplicate, and from a server that claims to be synchronised. A kiss-o'-death is told apart.
 */
final class ReplyCheck {

    private ReplyCheck() {
    }

    /** What one datagram means for the source. */
    sealed interface Outcome {
        /** A usable reply: its timestamps and what the server says of itself. */
        record Usable(NtpPacket reply) implements Outcome {
        }

        /** A kiss-o'-death (stratum 0): RATE, DENY, RSTR, or another code. */
        record Kiss(int code) implements Outcome {
            boolean rate() {
                return code == KissCode.RATE;
            }

            /** DENY and RSTR: the server will not serve us; RFC 5905 §7.4 says stop asking it. */
            boolean refused() {
                return code == KissCode.DENY || code == KissCode.RSTR;
            }
        }

        /** Not a reply to the request in flight, or one that must not be used; dropped. */
        record Bogus(String reason) implements Outcome {
        }
    }

    /**
     * @param cookie the transmit-time bits the request carried; 0 when no request is in flight
     */
    static Outcome check(byte[] datagram, int length, long cookie) {
        if (cookie == 0) {
            return new Outcome.Bogus("no request in flight (a duplicate or a late reply)");
        }
        if (!(NtpPacketDecoder.decode(datagram, length) instanceof DecodeResult.Ok ok)) {
            return new Outcome.Bogus("malformed");
        }
        NtpPacket reply = ok.packet();
        if (reply.mode() != NtpPacket.MODE_SERVER) {
            return new Outcome.Bogus("mode " + reply.mode() + ", not a server reply");
        }
        if (reply.originTime().bits() != cookie) {
            return new Outcome.Bogus("origin time does not match the request (spoofed, or a stale reply)");
        }
        if (reply.stratum() == 0) {
            return new Outcome.Kiss(reply.referenceId());
        }
        if (reply.leapIndicator() == NtpPacket.LEAP_ALARM || reply.stratum() >= 16) {
            return new Outcome.Bogus("the server is not synchronised (leap " + reply.leapIndicator() + ", stratum "
                    + reply.stratum() + ")");
        }
        if (reply.transmitTime().isZero() || reply.receiveTime().isZero()) {
            return new Outcome.Bogus("a zero receive or transmit time");
        }
        return new Outcome.Usable(reply);
    }
}
