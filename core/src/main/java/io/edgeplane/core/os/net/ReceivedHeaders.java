package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Reads what {@code recvmsg} gives a raw IP socket besides the payload, on plain memory: the IPv4 header the kernel
 * puts in front of an IPv4 payload, and the control messages ({@code IP_PKTINFO}, {@code IPV6_PKTINFO},
 * {@code IPV6_HOPLIMIT}) that tell an IPv6 socket what its header said.
 */
final class ReceivedHeaders {

    /** The fields of an IPv4 header VRRP needs; {@code headerLength} is IHL*4, where the payload starts. */
    record Ipv4Header(int headerLength, int ttl, InetAddress source, InetAddress destination) {
    }

    /** The control messages' content; -1 (or null) for what was not among them. */
    record Control(int ifindex, InetAddress destination, int hopLimit) {
    }

    private ReceivedHeaders() {
    }

    /**
     * The IPv4 header at the start of {@code data}, of which {@code available} bytes were received. The kernel has
     * validated it already (ip_rcv), so a header that is not one is a bug here, not hostile input.
     */
    static Ipv4Header ipv4(MemorySegment data, long available) {
        if (available < 20) {
            throw new IllegalStateException("raw IPv4 datagram of " + available + " bytes: expected a 20-byte header");
        }
        int first = data.get(JAVA_BYTE, 0) & 0xFF;
        int headerLength = (first & 0x0F) * 4;
        if (first >>> 4 != 4 || headerLength < 20 || headerLength > available) {
            throw new IllegalStateException("raw IPv4 datagram starts with 0x" + Integer.toHexString(first) + " and "
                    + available + " bytes: expected version 4 and a header length of 20..60 within them");
        }
        return new Ipv4Header(headerLength, data.get(JAVA_BYTE, 8) & 0xFF, address(data, 12, 4), address(data, 16, 4));
    }

    /** The control messages in the first {@code length} bytes of {@code control}. */
    static Control control(MemorySegment control, long length) {
        int ifindex = -1;
        InetAddress destination = null;
        int hopLimit = -1;
        long at = 0;
        while (at + Abi.CMSGHDR_SIZE <= length) {
            long cmsgLength = control.get(JAVA_LONG_UNALIGNED, at);
            if (cmsgLength < Abi.CMSGHDR_SIZE || at + cmsgLength > length) {
                break;
            }
            int level = control.get(JAVA_INT_UNALIGNED, at + Abi.CMSG_LEVEL);
            int type = control.get(JAVA_INT_UNALIGNED, at + Abi.CMSG_TYPE);
            long data = at + Abi.CMSGHDR_SIZE;
            long dataLength = cmsgLength - Abi.CMSGHDR_SIZE;
            if (level == Abi.SOL_IP && type == Abi.IP_PKTINFO && dataLength >= Abi.IN_PKTINFO_SIZE) {
                ifindex = control.get(JAVA_INT_UNALIGNED, data + Abi.IPI_IFINDEX);
                destination = address(control, data + Abi.IPI_ADDR, 4);
            } else if (level == Abi.SOL_IPV6 && type == Abi.IPV6_PKTINFO && dataLength >= Abi.IN6_PKTINFO_SIZE) {
                ifindex = control.get(JAVA_INT_UNALIGNED, data + Abi.IPI6_IFINDEX);
                destination = address(control, data + Abi.IPI6_ADDR, 16);
            } else if (level == Abi.SOL_IPV6 && type == Abi.IPV6_HOPLIMIT && dataLength >= 4) {
                hopLimit = control.get(JAVA_INT_UNALIGNED, data);
            }
            at += Abi.cmsgAlign((int) cmsgLength);
        }
        return new Control(ifindex, destination, hopLimit);
    }

    private static InetAddress address(MemorySegment segment, long offset, int length) {
        try {
            return InetAddress.getByAddress(SocketAddresses.bytes(segment, offset, length));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: the address has 4 or 16 bytes", e);
        }
    }
}
