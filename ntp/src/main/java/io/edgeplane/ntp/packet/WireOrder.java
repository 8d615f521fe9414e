package io.edgeplane.ntp.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network-order reads and writes of a {@link MemorySegment} (native receive and send buffers, or a heap array
 * wrapped once), at any alignment: what the server's allocation-free answer path reads requests from and writes
 * replies into. {@link BigEndian} is the same for byte arrays.
 */
public final class WireOrder {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private WireOrder() {
    }

    public static int getUnsignedByte(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    public static int getUnsignedShort(MemorySegment segment, long offset) {
        return segment.get(SHORT, offset) & 0xffff;
    }

    public static int getInt(MemorySegment segment, long offset) {
        return segment.get(INT, offset);
    }

    public static long getLong(MemorySegment segment, long offset) {
        return segment.get(LONG, offset);
    }

    public static void putByte(MemorySegment segment, long offset, int value) {
        segment.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    public static void putInt(MemorySegment segment, long offset, int value) {
        segment.set(INT, offset, value);
    }

    public static void putLong(MemorySegment segment, long offset, long value) {
        segment.set(LONG, offset, value);
    }
}
