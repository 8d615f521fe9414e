package io.edgeplane.dhcp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Decodes a DHCP message, the UDP payload. It accepts both ops, requests and replies, so that the same decoder serves
 * the server and a test client; the server drops replies itself.
 *
 * <p>Decisions where RFC 2131 leaves room, taken as dnsmasq takes them:
 * <ul>
 * <li>a missing END option is tolerated: the options end with their field (dnsmasq's {@code option_find1} stops at
 *     the end of the packet too, and some relays truncate the trailing pad);</li>
 * <li>pad (0) is skipped wherever it is; whatever follows END in a field is ignored, as the padding it should be;</li>
 * <li>option 52 (overload) is honoured: the options continue in {@code file}, then {@code sname} (RFC 3396 §5 order),
 *     and every instance of one code in all three fields is concatenated into one value (RFC 3396);</li>
 * <li>a message without option 53 is BOOTP and dropped as {@link DropReason#BOOTP}, a reason of its own so the
 *     server counts it apart from malformed packets.</li>
 * </ul>
 * Untrusted bytes never make it throw; every length is checked against the field it is in before it is read.
 */
public final class DhcpMessageDecoder {

    /** The fixed BOOTP header, {@code op} to {@code file}. */
    public static final int HEADER_LENGTH = 236;
    /** 99.130.83.99, the 4 bytes after the header that say options follow (RFC 2131 §3). */
    public static final int MAGIC_COOKIE = 0x63825363;
    /** Where the options field begins. */
    public static final int OPTIONS_OFFSET = HEADER_LENGTH + 4;

    static final int SNAME_OFFSET = 44;
    static final int FILE_OFFSET = 108;
    static final int PAD = 0;
    static final int END = 255;

    private DhcpMessageDecoder() {
    }

    /**
     * Decodes the remaining bytes of {@code payload}, leaving its position where it was. A direct buffer is read where
     * it is: the server's socket hands over views of native memory, and copying each datagram into an array first cost
     * an allocation and a copy of every request.
     */
    public static DecodeResult decode(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        return decode(payload, payload.position(), payload.remaining());
    }

    /**
     * Decodes {@code data[offset .. offset + length)}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code data}
     */
    public static DecodeResult decode(byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        return decode(ByteBuffer.wrap(data), offset, length);
    }

    /** Decodes {@code data[offset .. offset + length)} by absolute index, whatever the buffer's position and order. */
    private static DecodeResult decode(ByteBuffer data, int offset, int length) {
        if (length < OPTIONS_OFFSET) {
            return drop(DropReason.TOO_SHORT, "length " + length + " is shorter than the 236-byte header and the "
                    + "4-byte magic cookie");
        }
        int cookie = int32(data, offset + HEADER_LENGTH);
        if (cookie != MAGIC_COOKIE) {
            return drop(DropReason.BAD_MAGIC_COOKIE, "magic cookie 0x" + Integer.toHexString(cookie)
                    + ", expected 0x63825363 (99.130.83.99)");
        }
        int op = u8(data, offset);
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            return drop(DropReason.BAD_OP, "op " + op + ", expected 1 (BOOTREQUEST) or 2 (BOOTREPLY)");
        }
        int hlen = u8(data, offset + 2);
        if (hlen > HardwareAddress.MAX_LENGTH) {
            return drop(DropReason.BAD_HARDWARE_LENGTH, "hlen " + hlen + ", expected at most 16");
        }

        Options options = new Options();
        DecodeResult flaw = options.read(data, offset + OPTIONS_OFFSET, offset + length, "options", true);
        if (flaw != null) {
            return flaw;
        }
        int overload = 0;
        if (options.overload != null) {
            byte[] value = options.overload;
            overload = value.length == 1 ? value[0] & 0xFF : -1;
            if (overload < 1 || overload > 3) {
                return drop(DropReason.BAD_OVERLOAD, "overload option of " + value.length + " bytes "
                        + HexFormat.of().formatHex(value) + ", expected one byte of 1, 2 or 3");
            }
        }
        if ((overload & 1) != 0) {
            flaw = options.read(data, offset + FILE_OFFSET, offset + HEADER_LENGTH, "file", false);
            if (flaw != null) {
                return flaw;
            }
        }
        if ((overload & 2) != 0) {
            flaw = options.read(data, offset + SNAME_OFFSET, offset + FILE_OFFSET, "sname", false);
            if (flaw != null) {
                return flaw;
            }
        }
        if (options.messageTypes == 0) {
            return drop(DropReason.BOOTP, "no message type option (53): a BOOTP message");
        }
        if (options.messageTypes > 1) {
            return drop(DropReason.DUPLICATE_MESSAGE_TYPE, options.messageTypes
                    + " message type options (53), expected one");
        }
        byte[] type = options.value(DhcpOptions.MESSAGE_TYPE);
        if (type.length != 1 || DhcpMessageType.ofCode(type[0] & 0xFF).isEmpty()) {
            return drop(DropReason.BAD_MESSAGE_TYPE, "message type option (53) of " + type.length + " bytes "
                    + HexFormat.of().formatHex(type) + ", expected one byte of 1 (DISCOVER) to 8 (INFORM)");
        }

        byte[] chaddr = new byte[hlen];
        data.get(offset + 28, chaddr);
        DhcpMessage message = new DhcpMessage(op, u8(data, offset + 1), u8(data, offset + 3),
                int32(data, offset + 4), unsignedShort(data, offset + 8), unsignedShort(data, offset + 10),
                Ipv4.of(int32(data, offset + 12)), Ipv4.of(int32(data, offset + 16)), Ipv4.of(int32(data, offset + 20)),
                Ipv4.of(int32(data, offset + 24)), new HardwareAddress(chaddr),
                (overload & 2) != 0 ? "" : name(data, offset + SNAME_OFFSET, DhcpMessage.SNAME_LENGTH),
                (overload & 1) != 0 ? "" : name(data, offset + FILE_OFFSET, DhcpMessage.FILE_LENGTH), options.build());
        return new DecodeResult.Valid(message);
    }

    /**
     * The options read so far from the fields, each code's instances concatenated in the order they came (the overload
     * option apart, as framing). Each value is copied out of the packet once and handed to {@link DhcpOptions} as it
     * is: with a map of byte streams, each value was copied three times and each option cost a stream, a map entry and
     * a boxed code.
     */
    private static final class Options {
        /** How many codes are found by scanning them before an index is worth its 256 bytes (a request has a dozen). */
        private static final int SCANNED = 16;

        private byte[] codes = new byte[SCANNED];
        private byte[][] values = new byte[SCANNED][];
        private int count;
        /**
         * 1 + where each code is in {@link #codes}, 0 for none yet (fewer than 255 codes, so a byte holds it); made
         * only for a packet of more than {@link #SCANNED} codes, so that a crafted one cannot make each option a scan.
         */
        private byte[] slots;
        byte[] overload;
        int messageTypes;

        /** The whole value of {@code code} so far, or null. */
        byte[] value(int code) {
            int i = indexOf(code);
            return i < 0 ? null : values[i];
        }

        DhcpOptions build() {
            return count == 0 ? DhcpOptions.EMPTY
                    : new DhcpOptions(Arrays.copyOf(codes, count), Arrays.copyOf(values, count));
        }

        private void add(int code, ByteBuffer data, int from, int length) {
            byte[] chunk = new byte[length];
            data.get(from, chunk);
            if (code == DhcpOptions.OVERLOAD) {
                overload = overload == null ? chunk : concat(overload, chunk);
                return;
            }
            int i = indexOf(code);
            if (i >= 0) {
                values[i] = concat(values[i], chunk); // a long option's next instance (RFC 3396)
                return;
            }
            if (count == codes.length) {
                codes = Arrays.copyOf(codes, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            codes[count] = (byte) code;
            values[count++] = chunk;
            if (slots != null) {
                slots[code] = (byte) count;
            }
        }

        private int indexOf(int code) {
            if (slots == null) {
                if (count <= SCANNED) {
                    for (int i = 0; i < count; i++) {
                        if ((codes[i] & 0xFF) == code) {
                            return i;
                        }
                    }
                    return -1;
                }
                slots = new byte[256];
                for (int i = 0; i < count; i++) {
                    slots[codes[i] & 0xFF] = (byte) (i + 1);
                }
            }
            return (slots[code] & 0xFF) - 1;
        }

        private static byte[] concat(byte[] first, byte[] second) {
            byte[] both = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            return both;
        }

        /** Reads the options in {@code data[from .. to)}; null when they are well formed, else the drop. */
        DecodeResult read(ByteBuffer data, int from, int to, String field, boolean mayOverload) {
            int at = from;
            while (at < to) {
                int code = u8(data, at);
                if (code == END) {
                    return null;
                }
                if (code == PAD) {
                    at++;
                    continue;
                }
                if (at + 1 >= to) {
                    return drop(DropReason.OPTION_OVERRUN, "option " + code + " at byte " + (at - from) + " of "
                            + field + " has no length byte");
                }
                int length = u8(data, at + 1);
                if (at + 2 + length > to) {
                    return drop(DropReason.OPTION_OVERRUN, "option " + code + " at byte " + (at - from) + " of "
                            + field + " has length " + length + ", only " + (to - at - 2) + " bytes are left");
                }
                if (code == DhcpOptions.OVERLOAD && !mayOverload) {
                    return drop(DropReason.BAD_OVERLOAD, "overload option (52) inside " + field
                            + ", expected only in the options field");
                }
                if (code == DhcpOptions.MESSAGE_TYPE) {
                    messageTypes++;
                }
                add(code, data, at + 2, length);
                at += 2 + length;
            }
            return null;
        }
    }

    /** A name field up to its first NUL, as ISO-8859-1 so that every byte maps to one character. */
    private static String name(ByteBuffer data, int from, int size) {
        int end = from;
        while (end < from + size && data.get(end) != 0) {
            end++;
        }
        if (end == from) {
            return ""; // almost always: no string to make then
        }
        byte[] name = new byte[end - from];
        data.get(from, name);
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    private static int u8(ByteBuffer data, int at) {
        return data.get(at) & 0xFF;
    }

    private static int unsignedShort(ByteBuffer data, int at) {
        return u8(data, at) << 8 | u8(data, at + 1);
    }

    /** Big-endian, whatever order the buffer was left in. */
    private static int int32(ByteBuffer data, int at) {
        return u8(data, at) << 24 | u8(data, at + 1) << 16 | u8(data, at + 2) << 8 | u8(data, at + 3);
    }

    private static DecodeResult drop(DropReason reason, String detail) {
        return new DecodeResult.Dropped(reason, detail);
    }
}
