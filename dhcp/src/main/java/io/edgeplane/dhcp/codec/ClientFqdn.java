package io.edgeplane.dhcp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Option 81, the client's fully qualified domain name (RFC 4702), read far enough for the server to take the name.
 *
 * @param flags the flags byte: S (0x01) the server should update the A record, O (0x02) set by the server when it
 *              overrode S, E (0x04) the name is in DNS wire format, N (0x08) the server should not update
 * @param name  the name as dotted text, without a trailing dot; empty when the client sent none
 */
public record ClientFqdn(int flags, String name) {

    public static final int FLAG_S = 0x01;
    public static final int FLAG_O = 0x02;
    public static final int FLAG_E = 0x04;
    public static final int FLAG_N = 0x08;

    public ClientFqdn {
        Objects.requireNonNull(name, "name");
        if (flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("flags " + flags + ", expected 0 to 255");
        }
    }

    /**
     * Reads the option's value: flags, the two deprecated RCODE bytes, then the name. Empty when the value is shorter
     * than 3 bytes or a wire-format name is malformed (a label running past the end, a compression pointer, which
     * RFC 4702 §2.3.1 does not allow): the option comes from the client and is only advice.
     */
    public static Optional<ClientFqdn> parse(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length < 3) {
            return Optional.empty();
        }
        int flags = value[0] & 0xFF;
        if ((flags & FLAG_E) == 0) {
            // The deprecated ASCII encoding (RFC 4702 §2.3.1), which some old Windows clients still send.
            String text = new String(value, 3, value.length - 3, StandardCharsets.ISO_8859_1);
            return Optional.of(new ClientFqdn(flags, stripDot(text)));
        }
        StringBuilder name = new StringBuilder();
        int at = 3;
        while (at < value.length) {
            int length = value[at++] & 0xFF;
            if (length == 0) {
                break;
            }
            if (length > 63 || at + length > value.length) {
                return Optional.empty();
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(value, at, length, StandardCharsets.ISO_8859_1));
            at += length;
        }
        return Optional.of(new ClientFqdn(flags, name.toString()));
    }

    private static String stripDot(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == 0)) {
            end--;
        }
        return text.substring(0, end);
    }
}
