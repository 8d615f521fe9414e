package io.edgeplane.core.os.net;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * ICMP echo request and reply (RFC 792) as {@link IcmpEchoProbe} sends and recognises them, on plain buffers: an
 * 8-byte header (type, code, checksum, identifier, sequence number) and an 8-byte payload, a nonce of the probe's
 * own. A reply counts only when it is well formed, its checksum is right and it echoes the nonce; anything else the
 * socket hands over (other programs' pings, forged or cut replies, garbage) is "not a reply", never an exception.
 */
final class IcmpEcho {

    static final int ECHO_REPLY = 0;
    static final int ECHO_REQUEST = 8;
    /** The header (8) and the nonce (8). */
    static final int LENGTH = 16;
    /** What {@link #reply} answers for anything that is not an echo reply carrying the nonce. */
    static final long NOT_A_REPLY = -1;

    private static final int PROTOCOL_ICMP = 1;

    private IcmpEcho() {
    }

    /** Writes an echo request of {@link #LENGTH} bytes at {@code out}'s index 0 (its position is left alone). */
    static void request(ByteBuffer out, int identifier, int sequence, long nonce) {
        Objects.requireNonNull(out, "out");
        if (out.capacity() < LENGTH) {
            throw new IllegalArgumentException("buffer of " + out.capacity() + " bytes: expected " + LENGTH);
        }
        out.put(0, (byte) ECHO_REQUEST).put(1, (byte) 0);
        putShort(out, 2, 0);
        putShort(out, 4, identifier);
        putShort(out, 6, sequence);
        for (int i = 0; i < 8; i++) {
            out.put(8 + i, (byte) (nonce >>> (56 - 8 * i)));
        }
        putShort(out, 2, Ipv4UdpFrame.checksum(out, 0, LENGTH, 0));
    }

    /**
     * The identifier and sequence number ({@code identifier << 16 | sequence}) of the echo reply in the first
     * {@code length} bytes of {@code packet} (from index 0), or {@link #NOT_A_REPLY}. With {@code ipHeader} (a raw
     * socket) the bytes begin with the IPv4 header, which must be one carrying ICMP; without (a ping socket) they
     * begin with the ICMP header. The reply must have type 0, code 0, a right checksum over all its bytes and echo
     * {@code nonce} as the first 8 bytes of its payload.
     */
    static long reply(ByteBuffer packet, int length, boolean ipHeader, long nonce) {
        if (length < 0 || length > packet.limit()) {
            return NOT_A_REPLY;
        }
        int icmp = 0;
        if (ipHeader) {
            if (length < 20) {
                return NOT_A_REPLY;
            }
            int first = packet.get(0) & 0xFF;
            icmp = (first & 0x0F) * 4;
            if (first >>> 4 != 4 || icmp < 20 || icmp > length || (packet.get(9) & 0xFF) != PROTOCOL_ICMP) {
                return NOT_A_REPLY;
            }
        }
        int icmpLength = length - icmp;
        if (icmpLength < LENGTH || (packet.get(icmp) & 0xFF) != ECHO_REPLY || packet.get(icmp + 1) != 0
                || Ipv4UdpFrame.checksum(packet, icmp, icmpLength, 0) != 0) {
            return NOT_A_REPLY;
        }
        for (int i = 0; i < 8; i++) {
            if (packet.get(icmp + 8 + i) != (byte) (nonce >>> (56 - 8 * i))) {
                return NOT_A_REPLY;
            }
        }
        return (long) getShort(packet, icmp + 4) << 16 | getShort(packet, icmp + 6);
    }

    private static void putShort(ByteBuffer out, int at, int value) {
        out.put(at, (byte) (value >>> 8)).put(at + 1, (byte) value);
    }

    private static int getShort(ByteBuffer in, int at) {
        return (in.get(at) & 0xFF) << 8 | in.get(at + 1) & 0xFF;
    }
}
