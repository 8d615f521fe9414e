package io.edgeplane.core.os.net;

import java.util.HexFormat;
import java.util.Objects;

/** A 48-bit Ethernet (MAC) address, kept in the low 48 bits of a long so the record compares by value. */
public record MacAddress(long value) {

    /** ff:ff:ff:ff:ff:ff. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    /** The value must fit in 48 bits. */
    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC address 0x" + Long.toHexString(value) + ": expected 48 bits");
        }
    }

    /** From six bytes in wire order. */
    public static MacAddress of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != 6) {
            throw new IllegalArgumentException("MAC address of " + bytes.length + " bytes: expected 6");
        }
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xFF);
        }
        return new MacAddress(value);
    }

    /** From {@code "aa:bb:cc:dd:ee:ff"} (either case). */
    public static MacAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != 17) {
            throw new IllegalArgumentException("MAC address '" + text + "': expected six hex pairs joined by ':'");
        }
        try {
            return of(HEX.parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MAC address '" + text + "': expected six hex pairs joined by ':'", e);
        }
    }

    /** Six bytes in wire order. */
    public byte[] bytes() {
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (value >>> (40 - 8 * i));
        }
        return bytes;
    }

    /** Lower-case {@code aa:bb:cc:dd:ee:ff}, as {@code ip link} prints it. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes());
    }
}
