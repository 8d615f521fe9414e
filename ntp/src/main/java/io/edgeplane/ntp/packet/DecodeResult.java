package io.edgeplane.ntp.packet;

import java.util.Objects;

/** What {@link NtpPacketDecoder} made of a datagram: a packet, or the reason it is none. */
public sealed interface DecodeResult permits DecodeResult.Ok, DecodeResult.Malformed {

    /**
     * A well-formed packet.
     *
     * @param extensionFields how many RFC 7822 extension fields follow the header (NTPv4 only)
     * @param macLength       bytes of MAC (key ID and digest) or crypto-NAK at the end, 0 if none
     */
    record Ok(NtpPacket packet, int extensionFields, int macLength) implements DecodeResult {
        public Ok {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** Not an NTP packet, or one framed wrongly; the reason names the bad value, for logs and tests. */
    record Malformed(String reason) implements DecodeResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
