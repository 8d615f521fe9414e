package io.edgeplane.dhcp.codec;

import java.util.Objects;

/** What {@link DhcpMessageDecoder} made of a packet: a message, or the reason it was dropped. */
public sealed interface DecodeResult permits DecodeResult.Valid, DecodeResult.Dropped {

    /** A well-formed DHCP message with a known type. */
    record Valid(DhcpMessage message) implements DecodeResult {
        public Valid {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Dropped; {@code detail} names the bad value and what was expected, for a log line. */
    record Dropped(DropReason reason, String detail) implements DecodeResult {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
