package io.edgeplane.dns.cache;

import java.util.Arrays;

/**
 * One resource record of an upstream reply, read and checked: its owner, type, class and TTL, and its RDATA
 * with the names in it decompressed, so it can be written into another message where the reply's pointers
 * would point at nothing.
 *
 * @param owner      the owner name, lower case wire form
 * @param ttl        the TTL in seconds; one with the top bit set counts as 0 (RFC 2181 §8)
 * @param reply      the reply the record was read from
 * @param rdataAt    where its RDATA starts in {@code reply}
 * @param rdLength   its RDATA's length in {@code reply}
 * @param layout     where the names in the RDATA are, for types that have them; null for opaque RDATA
 * @param names      the RDATA's names, decompressed, in order; empty for opaque RDATA
 */
record ReplyRecord(byte[] owner, int type, int rclass, long ttl, byte[] reply, int rdataAt, int rdLength,
                   NameLayout layout, byte[][] names) {

    /**
     * RDATA with names: {@code prefix} fixed bytes, the names, then {@code suffix} fixed bytes.
     * {@code compressible}: RFC 3597 §4 lets only RFC 1035's own types compress the names in their RDATA.
     */
    record NameLayout(int prefix, int names, int suffix, boolean compressible) {
    }

    static ReplyRecord read(ReplyReader in, byte[] reply) {
        byte[] owner = in.name();
        int type = in.u16();
        int rclass = in.u16();
        long ttl = in.u32();
        int rdLength = in.u16();
        int rdataAt = in.position();
        in.skip(rdLength);
        int fixedLength = fixedLengthOf(type);
        if (fixedLength >= 0 && rdLength != fixedLength) {
            throw new MalformedReply("a type " + type + " record with " + rdLength + " bytes of RDATA, not " + fixedLength);
        }
        NameLayout layout = layoutOf(type);
        byte[][] names = new byte[0][];
        if (layout != null) {
            ReplyReader rdata = new ReplyReader(reply, rdataAt);
            rdata.skip(layout.prefix());
            names = new byte[layout.names()][];
            for (int i = 0; i < names.length; i++) {
                names[i] = rdata.name();
            }
            rdata.skip(layout.suffix());
            if (rdata.position() != rdataAt + rdLength) {
                throw new MalformedReply("the RDATA of a type " + type + " record is " + rdLength
                        + " bytes, its fields " + (rdata.position() - rdataAt));
            }
        }
        return new ReplyRecord(owner, type, rclass, (ttl & 0x8000_0000L) != 0 ? 0 : ttl, reply, rdataAt, rdLength,
                layout, names);
    }

    /** The RDATA length of the address types, whose length is fixed (RFC 1035 §3.4.1, RFC 3596 §2.2); else -1. */
    private static int fixedLengthOf(int type) {
        return switch (type) {
            case 1 -> 4;
            case 28 -> 16;
            default -> -1;
        };
    }

    /**
     * The names in the RDATA of the types that have them (RFC 1035 §3.3, RFC 1183, RFC 2163, RFC 2782,
     * RFC 6672), each decompressed as RFC 3597 §4 asks of receivers. NAPTR's replacement comes after three
     * character strings and is never sent compressed (RFC 3403 §4.1): its RDATA is copied as it came.
     */
    private static NameLayout layoutOf(int type) {
        return switch (type) {
            // NS, MD, MF, CNAME, MB, MG, MR, PTR
            case 2, 3, 4, 5, 7, 8, 9, 12 -> new NameLayout(0, 1, 0, true);
            case 6 -> new NameLayout(0, 2, 20, true); // SOA: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM
            case 14 -> new NameLayout(0, 2, 0, true); // MINFO
            case 15 -> new NameLayout(2, 1, 0, true); // MX
            case 17 -> new NameLayout(0, 2, 0, false); // RP
            case 18, 21 -> new NameLayout(2, 1, 0, false); // AFSDB, RT
            case 26 -> new NameLayout(2, 2, 0, false); // PX
            case 33 -> new NameLayout(6, 1, 0, false); // SRV
            case 39 -> new NameLayout(0, 1, 0, false); // DNAME
            default -> null;
        };
    }

    /** A CNAME's target. */
    byte[] target() {
        return names[0];
    }

    /** An SOA's MINIMUM field: the zone's negative TTL (RFC 2308 §4). */
    long soaMinimum() {
        int at = rdataAt + rdLength - 4;
        long minimum = (long) (reply[at] & 0xFF) << 24 | (reply[at + 1] & 0xFF) << 16 | (reply[at + 2] & 0xFF) << 8
                | reply[at + 3] & 0xFF;
        return (minimum & 0x8000_0000L) != 0 ? 0 : minimum;
    }

    void writeTo(BodyWriter body, long writtenTtl) {
        int rdLengthAt = body.startRecord(owner, type, rclass, writtenTtl);
        if (layout == null) {
            body.bytes(reply, rdataAt, rdLength);
        } else {
            body.bytes(reply, rdataAt, layout.prefix());
            for (byte[] name : names) {
                body.name(name, layout.compressible());
            }
            body.bytes(reply, rdataAt + rdLength - layout.suffix(), layout.suffix());
        }
        body.endRdata(rdLengthAt);
    }

    // A record of arrays: identity is what the digest compares (the CNAMEs it followed), so keep Object's.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ReplyRecord[type=" + type + ", class=" + rclass + ", ttl=" + ttl + ", owner=" + Arrays.toString(owner) + "]";
    }
}
