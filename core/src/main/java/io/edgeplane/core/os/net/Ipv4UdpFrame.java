package io.edgeplane.core.os.net;

import java.net.Inet4Address;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The addressing of an Ethernet II frame carrying one IPv4 UDP datagram, and {@link #write} to build such frames:
 * what a DHCP server sends through {@link PacketSocket#send} when it must reach a client that has no address yet
 * at the address it is being offered (RFC 2131 §4.1: a reply with the broadcast bit clear goes unicast to
 * {@code yiaddr} and {@code chaddr}). A UDP socket cannot send that, since the kernel would first ask by ARP for
 * an address nobody answers to yet; dnsmasq writes an ARP entry instead, ISC dhcpd builds the frame as here.
 *
 * <p>The IPv4 header is the plainest one: version 4, 20 bytes, TOS 0, identification 0, no flags (DF off, as
 * dhcpd's), fragment offset 0, TTL 64, protocol 17, its checksum; the UDP checksum covers the pseudo-header
 * (RFC 768), and a sum of zero is sent as 0xFFFF (zero would mean "none"). No padding: the driver pads a short frame
 * to Ethernet's 60 bytes.
 *
 * @param sourceMac       the frame's source: the server's interface
 * @param destinationMac  the frame's destination: the client's {@code chaddr}
 * @param source          the IP source: the server's address on the interface
 * @param sourcePort      the UDP source port, 1..65535 (67)
 * @param destination     the IP destination: the address offered
 * @param destinationPort the UDP destination port, 1..65535 (68)
 */
public record Ipv4UdpFrame(MacAddress sourceMac, MacAddress destinationMac, Inet4Address source, int sourcePort,
        Inet4Address destination, int destinationPort) {

    /** Ethernet (14), IPv4 (20) and UDP (8) headers. */
    public static final int HEADERS_LENGTH = 42;
    /** The longest UDP payload an IPv4 datagram carries: 65535 less the IPv4 and UDP headers. */
    public static final int MAX_PAYLOAD = 65_535 - 28;

    private static final int ETHERNET_HEADER = 14;
    private static final int IPV4_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int TTL = 64;

    /** Requires the addresses and ports of 1..65535. */
    public Ipv4UdpFrame {
        Objects.requireNonNull(sourceMac, "sourceMac");
        Objects.requireNonNull(destinationMac, "destinationMac");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        requirePort(sourcePort, "source port");
        requirePort(destinationPort, "destination port");
    }

    /** The frame's length for a payload of {@code payloadLength} bytes. */
    public static int length(int payloadLength) {
        return HEADERS_LENGTH + payloadLength;
    }

    /**
     * Writes the frame carrying {@code payload}'s remaining bytes into {@code frame} at its position and advances
     * that position past it; {@code payload}'s position is left alone. Returns the frame's length.
     *
     * @throws IllegalArgumentException when the payload is longer than {@link #MAX_PAYLOAD}
     * @throws BufferOverflowException  when {@code frame} has less room than {@link #length(int)}; nothing is
     *                                  written then
     */
    public int write(ByteBuffer payload, ByteBuffer frame) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(frame, "frame");
        if (frame.isReadOnly()) {
            throw new IllegalArgumentException("frame buffer is read-only: expected a writable one");
        }
        int payloadLength = payload.remaining();
        if (payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("UDP payload of " + payloadLength + " bytes: expected at most "
                    + MAX_PAYLOAD);
        }
        int length = length(payloadLength);
        if (frame.remaining() < length) {
            throw new BufferOverflowException();
        }
        int start = frame.position();
        // Network order whatever order the caller's buffer was left in; absolute writes on a view, one advance.
        ByteBuffer out = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        int ip = start + ETHERNET_HEADER;
        int udp = ip + IPV4_HEADER;
        int sourceBits = SocketAddresses.ipv4Bits(source);
        int destinationBits = SocketAddresses.ipv4Bits(destination);

        putMac(out, start, destinationMac);
        putMac(out, start + 6, sourceMac);
        out.putShort(start + 12, (short) Abi.ETH_P_IP);

        out.put(ip, (byte) 0x45);                                   // version 4, IHL 5
        out.put(ip + 1, (byte) 0);                                  // DSCP and ECN
        out.putShort(ip + 2, (short) (IPV4_HEADER + UDP_HEADER + payloadLength));
        out.putInt(ip + 4, 0);                                      // identification, flags, fragment offset
        out.put(ip + 8, (byte) TTL);
        out.put(ip + 9, (byte) Abi.IPPROTO_UDP);
        out.putShort(ip + 10, (short) 0);
        out.putInt(ip + 12, sourceBits);
        out.putInt(ip + 16, destinationBits);
        out.putShort(ip + 10, (short) checksum(out, ip, IPV4_HEADER, 0));

        int udpLength = UDP_HEADER + payloadLength;
        out.putShort(udp, (short) sourcePort);
        out.putShort(udp + 2, (short) destinationPort);
        out.putShort(udp + 4, (short) udpLength);
        out.putShort(udp + 6, (short) 0);
        out.put(udp + UDP_HEADER, payload, payload.position(), payloadLength);
        int pseudoHeader = pseudoHeaderSum(sourceBits, destinationBits, Abi.IPPROTO_UDP, udpLength);
        int udpChecksum = checksum(out, udp, udpLength, pseudoHeader);
        out.putShort(udp + 6, (short) (udpChecksum == 0 ? 0xFFFF : udpChecksum));

        frame.position(start + length);
        return length;
    }

    /**
     * The Internet checksum (RFC 1071) of {@code length} bytes of {@code buffer} from absolute index {@code offset},
     * read big-endian whatever the buffer's order (an odd last byte padded with zero), starting from the partial sum
     * {@code initialSum}: 0..0xFFFF, the value that goes in the header. Over a header whose checksum field holds
     * its checksum it is 0.
     */
    static int checksum(ByteBuffer buffer, int offset, int length, int initialSum) {
        long sum = initialSum & 0xFFFF_FFFFL;
        int end = offset + length;
        int at = offset;
        for (; at + 1 < end; at += 2) {
            sum += (buffer.get(at) & 0xFF) << 8 | buffer.get(at + 1) & 0xFF;
        }
        if (at < end) {
            sum += (buffer.get(at) & 0xFF) << 8;
        }
        // Fold the carries back in until none are left (ones' complement addition).
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** The partial sum of the UDP and TCP pseudo-header: addresses, protocol and length. */
    static int pseudoHeaderSum(int sourceBits, int destinationBits, int protocol, int length) {
        return (sourceBits >>> 16) + (sourceBits & 0xFFFF) + (destinationBits >>> 16) + (destinationBits & 0xFFFF)
                + protocol + length;
    }

    private static void putMac(ByteBuffer frame, int at, MacAddress mac) {
        long value = mac.value();
        frame.putShort(at, (short) (value >>> 32));
        frame.putInt(at + 2, (int) value);
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + port + ": expected 1..65535");
        }
    }
}
