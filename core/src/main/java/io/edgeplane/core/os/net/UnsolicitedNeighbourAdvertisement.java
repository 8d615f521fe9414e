package io.edgeplane.core.os.net;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The unsolicited neighbour advertisement a new VRRP master sends for each IPv6 address it takes over (RFC 5798
 * §6.4.2, RFC 4861 §7.2.6), a whole Ethernet frame for {@link PacketSocket}: to the all-nodes group ff02::1
 * (33:33:00:00:00:01), from the VIP itself, hop limit 255, ICMPv6 type 136 with the Override flag set, not Solicited,
 * Router as the caller says (keepalived follows the interface's forwarding setting), target = the VIP and the target
 * link-layer address option carrying the interface's MAC.
 *
 * <p>Built whole and sent over AF_PACKET, as keepalived does (vrrp_ndisc.c), rather than through a raw ICMPv6
 * socket that would compute the checksum: a raw socket can only send from an address the kernel will use as a
 * source, and a VIP being taken over may still be tentative or not yet added when the announcement is due; the
 * link-layer socket sends exactly these bytes whatever the address state, the same way as {@link GratuitousArp}.
 * So this class computes the ICMPv6 checksum over the RFC 8200 §8.1 pseudo-header itself.
 */
public final class UnsolicitedNeighbourAdvertisement {

    /** Ethernet (14) + IPv6 (40) + neighbour advertisement (24) + target link-layer address option (8). */
    public static final int LENGTH = 86;

    static final int ICMPV6_LENGTH = 32;
    static final int IPPROTO_ICMPV6 = 58;
    static final int NEIGHBOUR_ADVERTISEMENT = 136;
    static final int FLAG_ROUTER = 0x80;
    static final int FLAG_OVERRIDE = 0x20;
    static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;

    private static final byte[] ALL_NODES = {(byte) 0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};

    private UnsolicitedNeighbourAdvertisement() {
    }

    /** The frame announcing that {@code address} is at {@code mac}; {@code router} sets the R flag. */
    public static ByteBuffer frame(MacAddress mac, Inet6Address address, boolean router) {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        byte[] source = mac.bytes();
        byte[] ip = address.getAddress();
        ByteBuffer frame = ByteBuffer.allocate(LENGTH);
        frame.put(ALL_NODES_MAC).put(source).putShort((short) Abi.ETH_P_IPV6);
        frame.putInt(6 << 28)                          // version 6, traffic class 0, flow label 0
                .putShort((short) ICMPV6_LENGTH)       // payload length
                .put((byte) IPPROTO_ICMPV6)            // next header
                .put((byte) 255)                       // hop limit: RFC 4861 §7.1.2 drops anything less
                .put(ip).put(ALL_NODES);
        int icmp = frame.position();
        frame.put((byte) NEIGHBOUR_ADVERTISEMENT).put((byte) 0).putShort((short) 0)  // checksum filled below
                .put((byte) (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0))).put(new byte[3])
                .put(ip)
                .put((byte) OPTION_TARGET_LINK_LAYER_ADDRESS).put((byte) 1).put(source);
        frame.putShort(icmp + 2, (short) checksum(ip, ALL_NODES, frame.array(), icmp, ICMPV6_LENGTH));
        return frame.flip();
    }

    /**
     * The ICMPv6 checksum (RFC 4443 §2.3) of {@code length} bytes at {@code offset} whose checksum field is zero:
     * the ones' complement of the ones' complement sum over the pseudo-header (source, destination, upper-layer
     * length, next header 58) and the message.
     */
    static int checksum(byte[] source, byte[] destination, byte[] message, int offset, int length) {
        long sum = sum(source, 0, 16) + sum(destination, 0, 16) + length + IPPROTO_ICMPV6
                + sum(message, offset, length);
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }

    private static long sum(byte[] bytes, int offset, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += (bytes[offset + i] & 0xFF) << 8 | bytes[offset + i + 1] & 0xFF;
        }
        if ((length & 1) != 0) {
            sum += (bytes[offset + length - 1] & 0xFF) << 8;
        }
        return sum;
    }
}
