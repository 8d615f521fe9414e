package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.NtpPacket;
import java.nio.ByteBuffer;

/** Datagrams as clients send them. */
final class Requests {

    private Requests() {
    }

    /** A 48-byte request of {@code version} and {@code mode}, polling 2^6 s, its transmit time {@code transmit}. */
    static byte[] of(int version, int mode, long transmit) {
        return ByteBuffer.allocate(NtpPacket.LENGTH)
                .put(0, (byte) (version << 3 | mode))
                .put(2, (byte) 6)
                .put(3, (byte) -20)
                .putLong(NtpPacket.TRANSMIT_TIME_OFFSET, transmit)
                .array();
    }

    /** An NTPv4 client request as chronyd sends it: everything but the transmit time zero. */
    static byte[] client(long transmit) {
        return of(4, NtpPacket.MODE_CLIENT, transmit);
    }

    /** {@code request} followed by extension fields of the given lengths and then a MAC of {@code macLength}. */
    static byte[] withTrailer(byte[] request, int macLength, int... fieldLengths) {
        int length = request.length + macLength;
        for (int field : fieldLengths) {
            length += field;
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(request);
        for (int field : fieldLengths) {
            out.putShort((short) 0x0104).putShort((short) field).put(new byte[field - 4]);
        }
        return out.array();
    }
}
