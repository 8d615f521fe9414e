package io.edgeplane.dhcp.lease;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The client identifier, the value of DHCP option 61 (RFC 2132 §9.14): what identifies a client in place of its
 * hardware address when it sends one. Written as colon-separated hex, as dnsmasq writes it in its lease file
 * ({@code 01:52:54:00:12:34:56}: type 1, Ethernet, then the MAC).
 *
 * @param bytes 1 to 255 bytes, the option's value; copied in and out, so the record is immutable
 */
public record ClientId(byte[] bytes) {

    /** The most one option's length byte can say. */
    public static final int MAX_LENGTH = 255;

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public ClientId {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("client identifier of " + bytes.length + " bytes, expected 1 to "
                    + MAX_LENGTH);
        }
        bytes = bytes.clone();
    }

    /** Parses colon-separated hex such as {@code 01:52:54:00:12:34:56}, the form {@link #toString()} writes. */
    public static ClientId parse(String text) {
        Objects.requireNonNull(text, "text");
        byte[] parsed;
        try {
            parsed = COLONS.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client identifier '" + text
                    + "', expected colon-separated hex bytes such as 01:52:54:00:12:34:56", e);
        }
        return new ClientId(parsed);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientId that && Arrays.equals(bytes, that.bytes);
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
