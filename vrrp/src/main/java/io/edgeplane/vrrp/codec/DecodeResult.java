package io.edgeplane.vrrp.codec;

import java.util.Objects;

/** What {@link VrrpAdvertisementDecoder} made of a packet: an advertisement, or the reason it was dropped. */
public sealed interface DecodeResult permits DecodeResult.Valid, DecodeResult.Dropped {

    /**
     * A well-formed advertisement with a right checksum.
     *
     * @param legacyUnicastChecksum a version 3 IPv4 advertisement whose checksum is right only with the multicast
     *                              group 224.0.0.18 in the pseudo-header instead of its unicast destination, as
     *                              keepalived before 1.3.6 computed it (its {@code old_unicast_checksum}); keepalived
     *                              accepts it and answers in kind, and so can the service
     */
    record Valid(VrrpAdvertisement advertisement, boolean legacyUnicastChecksum) implements DecodeResult {
        public Valid {
            Objects.requireNonNull(advertisement, "advertisement");
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
