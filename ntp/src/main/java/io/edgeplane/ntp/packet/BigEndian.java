package io.edgeplane.ntp.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Network-order reads and writes of a byte array; bounds are checked by the JDK on every access. */
final class BigEndian {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static int getUnsignedShort(byte[] bytes, int index) {
        return (bytes[index] & 0xff) << 8 | bytes[index + 1] & 0xff;
    }

    static int getInt(byte[] bytes, int index) {
        return (int) INT.get(bytes, index);
    }

    static long getLong(byte[] bytes, int index) {
        return (long) LONG.get(bytes, index);
    }

    static void putInt(byte[] bytes, int index, int value) {
        INT.set(bytes, index, value);
    }

    static void putLong(byte[] bytes, int index, long value) {
        LONG.set(bytes, index, value);
    }
}
