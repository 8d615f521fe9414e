package io.edgeplane.core.os.net;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The gratuitous ARP a new VRRP master broadcasts for each IPv4 address it takes over (RFC 5798 §6.4.2), so hosts
 * and switches on the link learn its MAC address at once: an ARP request whose sender and target protocol address
 * are both the VIP, sent to ff:ff:ff:ff:ff:ff from the interface's MAC.
 *
 * <p>The frame is keepalived's (vrrp_arp.c): target hardware address ff:ff:ff:ff:ff:ff, not RFC 5227's zeros. Linux,
 * the BSDs and switches take either as an announcement (a request with sender = target address updates an existing
 * cache entry); matching keepalived keeps what the link sees the same when edgeplane replaces it. 42 bytes: the
 * driver pads to Ethernet's 60.
 */
public final class GratuitousArp {

    /** Ethernet header (14) and ARP for Ethernet/IPv4 (28). */
    public static final int LENGTH = 42;

    private GratuitousArp() {
    }

    /** The frame announcing that {@code address} is at {@code mac}. */
    public static ByteBuffer frame(MacAddress mac, Inet4Address address) {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        byte[] sender = mac.bytes();
        byte[] ip = address.getAddress();
        ByteBuffer frame = ByteBuffer.allocate(LENGTH);
        frame.put(MacAddress.BROADCAST.bytes()).put(sender).putShort((short) Abi.ETH_P_ARP);
        frame.putShort((short) 1)                   // hardware type: Ethernet
                .putShort((short) Abi.ETH_P_IP)     // protocol type: IPv4
                .put((byte) 6).put((byte) 4)        // address lengths
                .putShort((short) 1);               // operation: request
        frame.put(sender).put(ip).put(MacAddress.BROADCAST.bytes()).put(ip);
        return frame.flip();
    }
}
