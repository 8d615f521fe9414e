package io.edgeplane.core.os.net;

/**
 * What {@link PacketSocket#receive} learnt of one frame besides its bytes ({@code struct sockaddr_ll}).
 *
 * @param ifindex    the interface it was seen on
 * @param ethertype  the frame's protocol ({@code sll_protocol}): 0x0806 ARP, 0x86DD IPv6
 * @param packetType {@code sll_pkttype}: 0 to this host, 1 broadcast, 2 multicast, 3 to another host, 4 outgoing
 * @param length     the frame's length, more than was copied when it was truncated
 * @param truncated  whether the frame did not fit the caller's buffer and only its first part was copied
 */
public record ReceivedFrame(int ifindex, int ethertype, int packetType, int length, boolean truncated) {

    /** {@code PACKET_BROADCAST}. */
    public static final int BROADCAST = 1;
    /** {@code PACKET_MULTICAST}. */
    public static final int MULTICAST = 2;
    /** {@code PACKET_OUTGOING}: sent by this host, seen on the way out. */
    public static final int OUTGOING = 4;
}
