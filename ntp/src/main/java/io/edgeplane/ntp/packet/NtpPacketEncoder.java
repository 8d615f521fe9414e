package io.edgeplane.ntp.packet;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Writes the 48-byte NTP header into a caller's array; never more, as this server sends no extension field. */
public final class NtpPacketEncoder {

    private NtpPacketEncoder() {
    }

    /** A new 48-byte array holding {@code packet}. */
    public static byte[] encode(NtpPacket packet) {
        byte[] out = new byte[NtpPacket.LENGTH];
        encode(packet, out, 0);
        return out;
    }

    /**
     * Writes {@code packet} into {@code out[offset .. offset + 48)}.
     *
     * @throws IndexOutOfBoundsException if the 48 bytes do not fit
     */
    public static void encode(NtpPacket packet, byte[] out, int offset) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(out, "out");
        Objects.checkFromIndexSize(offset, NtpPacket.LENGTH, out.length);
        out[offset] = (byte) (packet.leapIndicator() << 6 | packet.version() << 3 | packet.mode());
        out[offset + 1] = (byte) packet.stratum();
        out[offset + 2] = (byte) packet.poll();
        out[offset + 3] = (byte) packet.precision();
        BigEndian.putInt(out, offset + 4, packet.rootDelay().bits());
        BigEndian.putInt(out, offset + 8, packet.rootDispersion().bits());
        BigEndian.putInt(out, offset + 12, packet.referenceId());
        BigEndian.putLong(out, offset + 16, packet.referenceTime().bits());
        BigEndian.putLong(out, offset + NtpPacket.ORIGIN_TIME_OFFSET, packet.originTime().bits());
        BigEndian.putLong(out, offset + NtpPacket.RECEIVE_TIME_OFFSET, packet.receiveTime().bits());
        BigEndian.putLong(out, offset + NtpPacket.TRANSMIT_TIME_OFFSET, packet.transmitTime().bits());
    }

    /**
     * Writes the transmit time of the encoded packet at {@code offset}: the last thing a server does before the
     * send, so that the time is as late as it can be.
     *
     * <p>A transmit time equal to the packet's receive or origin time is moved on by 2^-32 s (chrony does the
     * same with random low bits): a client in the interleaved mode tells replies apart by those timestamps, and
     * in symmetric mode a packet must not look like an answer to itself.
     */
    public static void writeTransmitTime(byte[] packet, int offset, long unixEpochNanos) {
        Objects.requireNonNull(packet, "packet");
        Objects.checkFromIndexSize(offset, NtpPacket.LENGTH, packet.length);
        long bits = NtpTimestamp.ofUnixNanos(unixEpochNanos).bits();
        long receive = BigEndian.getLong(packet, offset + NtpPacket.RECEIVE_TIME_OFFSET);
        long origin = BigEndian.getLong(packet, offset + NtpPacket.ORIGIN_TIME_OFFSET);
        // Two steps at most: one past each of the two timestamps it may meet.
        for (int i = 0; i < 2 && (bits == receive || bits == origin); i++) {
            bits++;
        }
        BigEndian.putLong(packet, offset + NtpPacket.TRANSMIT_TIME_OFFSET, bits);
    }

    /**
     * {@link #writeTransmitTime(byte[], int, long)} on a reply written into a {@link MemorySegment} (a native send
     * buffer): the same two-step nudge past the receive and origin times, allocating nothing.
     */
    public static void writeTransmitTime(MemorySegment packet, long offset, long unixEpochNanos) {
        Objects.checkFromIndexSize(offset, NtpPacket.LENGTH, packet.byteSize());
        long bits = NtpTimestamp.bitsOfUnixNanos(unixEpochNanos);
        long receive = WireOrder.getLong(packet, offset + NtpPacket.RECEIVE_TIME_OFFSET);
        long origin = WireOrder.getLong(packet, offset + NtpPacket.ORIGIN_TIME_OFFSET);
        for (int i = 0; i < 2 && (bits == receive || bits == origin); i++) {
            bits++;
        }
        WireOrder.putLong(packet, offset + NtpPacket.TRANSMIT_TIME_OFFSET, bits);
    }
}
