package io.edgeplane.dns.server;

import io.edgeplane.dns.zone.WireName;

/**
 * Where an answer is written before it goes into a network buffer in one copy: plain array stores, where a
 * buffer's writes would each check its bounds and its reference count (a tenth of the server's CPU when
 * profiled). One per channel, reused for every answer; sized for the largest message, a TCP one.
 */
final class AnswerBuffer {

    private final byte[] data = new byte[QueryAnswerer.TCP_LIMIT + 1024];
    private int length;

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** Cuts the answer back to {@code length} bytes (a truncated answer starts over). */
    void truncate(int length) {
        this.length = length;
    }

    /** Moves the answer's end to {@code length}, after a writer wrote straight into {@link #data()}. */
    void setLength(int length) {
        this.length = length;
    }

    byte[] data() {
        return data;
    }

    void writeByte(int value) {
        data[length++] = (byte) value;
    }

    void writeShort(int value) {
        data[length++] = (byte) (value >> 8);
        data[length++] = (byte) value;
    }

    void writeInt(int value) {
        data[length++] = (byte) (value >> 24);
        data[length++] = (byte) (value >> 16);
        data[length++] = (byte) (value >> 8);
        data[length++] = (byte) value;
    }

    /** Overwrites two bytes already written (a header count learnt late). */
    void patchShort(int at, int value) {
        data[at] = (byte) (value >> 8);
        data[at + 1] = (byte) value;
    }

    void writeBytes(byte[] source, int offset, int count) {
        System.arraycopy(source, offset, data, length, count);
        length += count;
    }

    /** A name in wire form, uncompressed; the name is a valid zone name (ASCII, labels of 1..63). */
    void writeName(String name) {
        length = WireName.write(name, data, length);
    }

    /** Room left before the buffer's end: a write that would not fit is a truncated answer, never an overrun. */
    int room() {
        return data.length - length;
    }
}
