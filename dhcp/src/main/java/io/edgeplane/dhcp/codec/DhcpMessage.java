package io.edgeplane.dhcp.codec;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A DHCP message (RFC 2131 §2): the BOOTP fixed header and the options. {@code hlen} is the hardware address's length.
 * When the options overloaded {@code sname} or {@code file} (option 52), the decoder moved what they held into
 * {@link #options()} and left the two names empty; the encoder never overloads.
 *
 * @param op             1 (BOOTREQUEST, from a client) or 2 (BOOTREPLY, from a server)
 * @param htype          the hardware type, 1 for Ethernet
 * @param hops           relay agents crossed
 * @param xid            the transaction id the client chose
 * @param secs           seconds since the client began
 * @param flags          the 16 flag bits; only {@link #BROADCAST_FLAG} is defined, the rest are kept as they came
 * @param serverName     {@code sname}, up to 64 bytes of ISO-8859-1 without NUL, read up to the first NUL
 * @param bootFileName   {@code file}, up to 128 bytes of the same
 */
public record DhcpMessage(int op, int htype, int hops, int xid, int secs, int flags, Inet4Address ciaddr,
        Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr, HardwareAddress chaddr, String serverName,
        String bootFileName, DhcpOptions options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int HTYPE_ETHERNET = 1;
    /** The client cannot take unicast before it has an address: answer by broadcast (RFC 2131 §4.1). */
    public static final int BROADCAST_FLAG = 0x8000;
    public static final int SNAME_LENGTH = 64;
    public static final int FILE_LENGTH = 128;
    /** 0.0.0.0, what the address fields hold when unused. */
    public static final Inet4Address ANY = Ipv4.ANY;

    public DhcpMessage {
        if (op != BOOTREQUEST && op != BOOTREPLY) {
            throw new IllegalArgumentException("op " + op + ", expected 1 (BOOTREQUEST) or 2 (BOOTREPLY)");
        }
        checkRange("htype", htype, 0xFF);
        checkRange("hops", hops, 0xFF);
        checkRange("secs", secs, 0xFFFF);
        checkRange("flags", flags, 0xFFFF);
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        Objects.requireNonNull(chaddr, "chaddr");
        checkName("serverName", serverName, SNAME_LENGTH);
        checkName("bootFileName", bootFileName, FILE_LENGTH);
        Objects.requireNonNull(options, "options");
    }

    /** The hardware address length, {@code hlen}. */
    public int hlen() {
        return chaddr.length();
    }

    public boolean broadcast() {
        return (flags & BROADCAST_FLAG) != 0;
    }

    /** Option 53; always present in a message the decoder accepted. */
    public Optional<DhcpMessageType> messageType() {
        return options.messageType();
    }

    public DhcpMessage withOptions(DhcpOptions newOptions) {
        return new DhcpMessage(op, htype, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, serverName,
                bootFileName, newOptions);
    }

    private static void checkRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " " + value + ", expected 0 to " + max);
        }
    }

    private static void checkName(String field, String value, int max) {
        Objects.requireNonNull(value, field);
        // Not ISO_8859_1.newEncoder().canEncode(value): a new encoder for each of the two names of every message was
        // the largest single allocation on the request path.
        if (value.length() > max || value.indexOf(0) >= 0 || !DhcpOptions.isLatin1(value)) {
            throw new IllegalArgumentException(field + " '" + value + "', expected at most " + max
                    + " ISO-8859-1 characters without NUL");
        }
    }
}
