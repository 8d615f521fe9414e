package io.edgeplane.dhcp.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The client hardware address, {@code chaddr}: the first {@code hlen} bytes of the 16-byte field, six for an Ethernet
 * MAC. Kept as bytes because the field is defined for any hardware type (RFC 2131 §2, {@code htype}).
 *
 * @param bytes 0 to 16 bytes; copied in and out, so the record is immutable
 */
public record HardwareAddress(byte[] bytes) {

    /** The size of the {@code chaddr} field, the most {@code hlen} can say. */
    public static final int MAX_LENGTH = 16;
    /** An Ethernet MAC's length, what {@code htype} 1 means. */
    public static final int ETHERNET_LENGTH = 6;

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public HardwareAddress {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("hardware address of " + bytes.length + " bytes, expected at most "
                    + MAX_LENGTH);
        }
        bytes = bytes.clone();
    }

    /** Parses a colon-separated hex address such as {@code 52:54:00:12:34:56}. */
    public static HardwareAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new HardwareAddress(text.isEmpty() ? new byte[0] : COLONS.parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hardware address '" + text
                    + "', expected colon-separated hex bytes such as 52:54:00:12:34:56", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** How many bytes it has, what goes in {@code hlen}. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HardwareAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes);
    }
}
