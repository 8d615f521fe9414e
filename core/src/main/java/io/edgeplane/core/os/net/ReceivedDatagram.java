package io.edgeplane.core.os.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What {@link RawIpSocket#receive} learnt of one datagram besides its payload: what the VRRP layer checks before
 * it trusts an advertisement (RFC 5798 §7.1: the TTL or hop limit must be 255, the destination the group or this
 * host, the interface the one it runs on).
 *
 * @param source      the IP source address; a link-local IPv6 one carries the ifindex as its scope id
 * @param destination the IP destination address: the multicast group or a local unicast address
 * @param ttl         the IPv4 TTL or the IPv6 hop limit the datagram arrived with
 * @param ifindex     the interface it arrived on
 * @param length      the payload's length on the wire, which is more than was copied when it was truncated
 * @param truncated   whether the payload did not fit the caller's buffer and only its first part was copied
 */
public record ReceivedDatagram(InetAddress source, InetAddress destination, int ttl, int ifindex, int length,
        boolean truncated) {

    /** Checks what the kernel can report: a TTL of 0..255 and a non-negative length. */
    public ReceivedDatagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + ": expected 0..255");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + ": expected zero or more");
        }
    }
}
