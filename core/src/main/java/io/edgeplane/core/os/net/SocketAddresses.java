package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * {@code struct sockaddr_in}, {@code sockaddr_in6}, {@code sockaddr_nl}, {@code sockaddr_ll}, {@code ip_mreqn} and
 * {@code ipv6_mreq}: filled and read on plain memory so the layouts are tested without a system call.
 */
final class SocketAddresses {

    /** Network byte order for the fields the kernel keeps big-endian (ports, ethertypes). */
    static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Network byte order for IPv4 addresses read as one int. */
    static final ValueLayout.OfInt NET_INT = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SocketAddresses() {
    }

    /** A {@code sockaddr_in} or {@code sockaddr_in6} (port 0: raw sockets have none) for {@code address}. */
    static MemorySegment ip(SegmentAllocator allocator, InetAddress address, int scopeId) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet4Address) {
            MemorySegment sin = allocator.allocate(Abi.SOCKADDR_IN_SIZE, 4);
            sin.fill((byte) 0);
            sin.set(JAVA_SHORT, 0, (short) Abi.AF_INET);
            MemorySegment.copy(address.getAddress(), 0, sin, JAVA_BYTE, Abi.SIN_ADDR, 4);
            return sin;
        }
        MemorySegment sin6 = allocator.allocate(Abi.SOCKADDR_IN6_SIZE, 4);
        sin6.fill((byte) 0);
        sin6.set(JAVA_SHORT, 0, (short) Abi.AF_INET6);
        MemorySegment.copy(address.getAddress(), 0, sin6, JAVA_BYTE, Abi.SIN6_ADDR, 16);
        sin6.set(JAVA_INT, Abi.SIN6_SCOPE_ID, scopeId);
        return sin6;
    }

    /** A {@code sockaddr_in} for {@code address} and {@code port}. */
    static MemorySegment ipv4(SegmentAllocator allocator, Inet4Address address, int port) {
        MemorySegment sin = allocator.allocate(Abi.SOCKADDR_IN_SIZE, 4);
        writeIpv4(sin, address, port);
        return sin;
    }

    /** Fills the 16 bytes of {@code sin} with a {@code sockaddr_in} for {@code address} and {@code port}. */
    static void writeIpv4(MemorySegment sin, Inet4Address address, int port) {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + ": expected 0..65535");
        }
        sin.asSlice(0, Abi.SOCKADDR_IN_SIZE).fill((byte) 0);
        sin.set(JAVA_SHORT, 0, (short) Abi.AF_INET);
        sin.set(NET_SHORT, Abi.SIN_PORT, (short) port);
        MemorySegment.copy(address.getAddress(), 0, sin, JAVA_BYTE, Abi.SIN_ADDR, 4);
    }

    /** The address in a {@code sockaddr_in} or {@code sockaddr_in6}; a link-local IPv6 one keeps its scope id. */
    static InetAddress readIp(MemorySegment sockaddr) {
        int family = sockaddr.get(JAVA_SHORT, 0);
        try {
            if (family == Abi.AF_INET) {
                return InetAddress.getByAddress(bytes(sockaddr, Abi.SIN_ADDR, 4));
            }
            if (family == Abi.AF_INET6) {
                byte[] address = bytes(sockaddr, Abi.SIN6_ADDR, 16);
                int scope = sockaddr.get(JAVA_INT, Abi.SIN6_SCOPE_ID);
                return scope != 0 ? Inet6Address.getByAddress(null, address, scope) : InetAddress.getByAddress(address);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: the address has 4 or 16 bytes", e);
        }
        throw new IllegalStateException("sockaddr of family " + family + ": expected AF_INET or AF_INET6");
    }

    /** A {@code sockaddr_nl}: port id 0 lets the kernel choose one; {@code groups} is the multicast group mask. */
    static MemorySegment netlink(SegmentAllocator allocator, int groups) {
        MemorySegment nl = allocator.allocate(Abi.SOCKADDR_NL_SIZE, 4);
        nl.fill((byte) 0);
        nl.set(JAVA_SHORT, 0, (short) Abi.AF_NETLINK);
        nl.set(JAVA_INT, Abi.NL_GROUPS, groups);
        return nl;
    }

    /**
     * A {@code sockaddr_ll} for {@code ifindex} and {@code ethertype}; with a destination (sending) it carries the
     * 6-byte hardware address, without one (binding) none.
     */
    static MemorySegment link(SegmentAllocator allocator, int ifindex, int ethertype, MacAddress destination) {
        MemorySegment ll = allocator.allocate(Abi.SOCKADDR_LL_SIZE, 4);
        ll.fill((byte) 0);
        ll.set(JAVA_SHORT, 0, (short) Abi.AF_PACKET);
        ll.set(NET_SHORT, Abi.SLL_PROTOCOL, (short) ethertype);
        ll.set(JAVA_INT, Abi.SLL_IFINDEX, ifindex);
        if (destination != null) {
            ll.set(JAVA_BYTE, Abi.SLL_HALEN, (byte) 6);
            MemorySegment.copy(destination.bytes(), 0, ll, JAVA_BYTE, Abi.SLL_ADDR, 6);
        }
        return ll;
    }

    /** {@code struct ip_mreqn}: the group, no local address (the ifindex chooses the interface), the ifindex. */
    static MemorySegment ipMreqn(SegmentAllocator allocator, Inet4Address group, int ifindex) {
        MemorySegment mreq = allocator.allocate(Abi.IP_MREQN_SIZE, 4);
        mreq.fill((byte) 0);
        if (group != null) {
            MemorySegment.copy(group.getAddress(), 0, mreq, JAVA_BYTE, 0, 4);
        }
        mreq.set(JAVA_INT, Abi.IMR_IFINDEX, ifindex);
        return mreq;
    }

    /** {@code struct ipv6_mreq}: the group and the ifindex. */
    static MemorySegment ipv6Mreq(SegmentAllocator allocator, Inet6Address group, int ifindex) {
        MemorySegment mreq = allocator.allocate(Abi.IPV6_MREQ_SIZE, 4);
        MemorySegment.copy(group.getAddress(), 0, mreq, JAVA_BYTE, 0, 16);
        mreq.set(JAVA_INT, Abi.IPV6MR_INTERFACE, ifindex);
        return mreq;
    }

    /** An IPv4 address as the int its four bytes make in network order. */
    static int ipv4Bits(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }

    /** The IPv4 address whose four bytes in network order make {@code bits}. */
    static Inet4Address ipv4(int bits) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: the address has 4 bytes", e);
        }
    }

    static byte[] bytes(MemorySegment segment, long offset, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, offset, bytes, 0, length);
        return bytes;
    }
}
