package io.edgeplane.dhcp.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Encodes a {@link DhcpMessage}: the fixed header, the magic cookie, the options in their order with values longer
 * than 255 bytes split into instances of the same code (RFC 3396), END, then pad up to the 300 bytes a BOOTP relay
 * or client may insist on (RFC 1542 §2.1). It never overloads {@code sname} or {@code file}: dnsmasq does not either,
 * and a server's options fit in 548 bytes once the non-essential ones are dropped.
 *
 * <p>The size is capped at what the client can take: its maximum message size (option 57), or 576 when it sent none,
 * less the 28 bytes of IPv4 and UDP headers. A message over the cap is refused with an exception; {@link #fit} first
 * drops the options a client can live without.
 */
public final class DhcpMessageEncoder {

    /** The IP datagram every host must accept (RFC 791) and the least option 57 may say (RFC 2132 §9.10). */
    public static final int MIN_IP_MESSAGE_SIZE = 576;
    /** An IPv4 header without options and a UDP header. */
    public static final int IP_UDP_HEADERS = 28;
    /** The least a BOOTP message may be (RFC 1542 §2.1): shorter ones are padded. */
    public static final int BOOTP_MIN_LENGTH = 300;

    /**
     * What {@link #fit} keeps whatever the size: the type, who answered, the lease and its timers, and what a client
     * needs to use its address (mask, router, name servers), and the relay's option 82 that it must get back
     * (RFC 3046 §2.2). Everything else goes first, last put first, because servers put what was asked for last.
     */
    public static final Set<Integer> ESSENTIAL_OPTIONS = Set.of(DhcpOptions.MESSAGE_TYPE,
            DhcpOptions.SERVER_IDENTIFIER, DhcpOptions.LEASE_TIME, DhcpOptions.RENEWAL_TIME,
            DhcpOptions.REBINDING_TIME, DhcpOptions.SUBNET_MASK, DhcpOptions.ROUTERS, DhcpOptions.DOMAIN_NAME_SERVERS,
            DhcpOptions.MESSAGE, DhcpOptions.RELAY_AGENT_INFORMATION);

    private DhcpMessageEncoder() {
    }

    /** The bytes of {@code message}, at most 548 (576 less the headers). */
    public static byte[] encode(DhcpMessage message) {
        return encode(message, MIN_IP_MESSAGE_SIZE);
    }

    /**
     * The bytes of {@code message}, at most {@code maxMessageSize} less the IP and UDP headers.
     *
     * @param maxMessageSize the whole IP datagram the client accepts (option 57); below 576 counts as 576
     * @throws IllegalArgumentException if the message does not fit
     */
    public static byte[] encode(DhcpMessage message, int maxMessageSize) {
        Objects.requireNonNull(message, "message");
        int length = encodedLength(message);
        int limit = payloadLimit(maxMessageSize);
        if (length > limit) {
            throw new IllegalArgumentException("message of " + length + " bytes with " + message.options().size()
                    + " options, expected at most " + limit + " (max message size " + maxMessageSize
                    + " less 28 bytes of IP and UDP headers); drop options first, see DhcpMessageEncoder.fit");
        }
        byte[] data = new byte[Math.max(length, BOOTP_MIN_LENGTH)];
        data[0] = (byte) message.op();
        data[1] = (byte) message.htype();
        data[2] = (byte) message.hlen();
        data[3] = (byte) message.hops();
        Ipv4.putInt(data, 4, message.xid());
        data[8] = (byte) (message.secs() >>> 8);
        data[9] = (byte) message.secs();
        data[10] = (byte) (message.flags() >>> 8);
        data[11] = (byte) message.flags();
        System.arraycopy(message.ciaddr().getAddress(), 0, data, 12, 4);
        System.arraycopy(message.yiaddr().getAddress(), 0, data, 16, 4);
        System.arraycopy(message.siaddr().getAddress(), 0, data, 20, 4);
        System.arraycopy(message.giaddr().getAddress(), 0, data, 24, 4);
        byte[] chaddr = message.chaddr().bytes();
        System.arraycopy(chaddr, 0, data, 28, chaddr.length);
        byte[] sname = message.serverName().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(sname, 0, data, DhcpMessageDecoder.SNAME_OFFSET, sname.length);
        byte[] file = message.bootFileName().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(file, 0, data, DhcpMessageDecoder.FILE_OFFSET, file.length);
        Ipv4.putInt(data, DhcpMessageDecoder.HEADER_LENGTH, DhcpMessageDecoder.MAGIC_COOKIE);
        int at = DhcpMessageDecoder.OPTIONS_OFFSET;
        DhcpOptions options = message.options();
        for (int i = 0; i < options.size(); i++) {
            at = writeOption(data, at, options.codeAt(i), options.valueAt(i));
        }
        data[at] = (byte) DhcpMessageDecoder.END;
        // The rest is already 0, pad.
        return data;
    }

    /** How many bytes {@link #encode} would write before padding to 300: header, cookie, options, END. */
    public static int encodedLength(DhcpMessage message) {
        Objects.requireNonNull(message, "message");
        return DhcpMessageDecoder.OPTIONS_OFFSET + message.options().encodedLength() + 1;
    }

    /**
     * {@code message} with options outside {@link #ESSENTIAL_OPTIONS} dropped, last first, until it fits in
     * {@code maxMessageSize}; the message itself if it already fits.
     *
     * @throws IllegalArgumentException if the essential options alone do not fit
     */
    public static DhcpMessage fit(DhcpMessage message, int maxMessageSize) {
        Objects.requireNonNull(message, "message");
        int limit = payloadLimit(maxMessageSize);
        if (encodedLength(message) <= limit) {
            return message;
        }
        List<Integer> droppable = new ArrayList<>();
        for (int code : message.options().codes()) {
            if (!ESSENTIAL_OPTIONS.contains(code)) {
                droppable.add(code);
            }
        }
        DhcpOptions.Builder options = message.options().toBuilder();
        DhcpMessage fitted = message;
        for (int i = droppable.size() - 1; i >= 0 && encodedLength(fitted) > limit; i--) {
            fitted = message.withOptions(options.remove(droppable.get(i)).build());
        }
        if (encodedLength(fitted) > limit) {
            throw new IllegalArgumentException("message of " + encodedLength(fitted)
                    + " bytes with only essential options, expected at most " + limit);
        }
        return fitted;
    }

    /** The most bytes of DHCP message a client accepting {@code maxMessageSize}-byte datagrams can take. */
    public static int payloadLimit(int maxMessageSize) {
        return Math.min(Math.max(maxMessageSize, MIN_IP_MESSAGE_SIZE), 0xFFFF) - IP_UDP_HEADERS;
    }

    private static int writeOption(byte[] data, int at, int code, byte[] value) {
        int written = 0;
        do {
            int chunk = Math.min(255, value.length - written);
            data[at] = (byte) code;
            data[at + 1] = (byte) chunk;
            System.arraycopy(value, written, data, at + 2, chunk);
            at += 2 + chunk;
            written += chunk;
        } while (written < value.length);
        return at;
    }
}
