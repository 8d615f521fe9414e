package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A raw IP socket, {@code socket(AF_INET or AF_INET6, SOCK_RAW, protocol)}, for a protocol the kernel leaves to user
 * space: VRRP is IP protocol 112. It sends a payload and the kernel builds the IP header around it; it receives the
 * payload with the header fields VRRP checks ({@link ReceivedDatagram}).
 *
 * <p>VRRP uses two per interface, as keepalived does: a receiving one bound to the device and joined to the group
 * (224.0.0.18 or ff02::12), and a sending one bound to the device and to the interface's primary address, which
 * the kernel then uses as the source. The two cannot be one: a raw socket bound to a unicast address only receives
 * datagrams addressed to it, never the group's.
 *
 * <p>The IPv6 checksum: VRRPv3's covers a pseudo-header (RFC 5798 §5.2.8). keepalived sets {@code IPV6_CHECKSUM}
 * to offset 6 on its IPv6 sockets, so the kernel fills it in on sending and drops bad ones on receiving. This socket
 * does not: the VRRP codec computes and verifies the checksum for both families (IPv4 needs that anyway, the kernel
 * has no option for it), so a codec mistake shows in tests against keepalived instead of being papered over by the
 * kernel, and a datagram with a bad checksum reaches the codec, which counts it (RFC 6527's
 * {@code vrrpv3StatisticsChecksumErrors}) rather than vanishing in the kernel. The bytes on the wire are the same.
 *
 * <p>Thread safety: any thread may send, receive or close; {@link #close()} ends a blocked {@link #receive} at once.
 * Sends never block ({@code MSG_DONTWAIT}): a full send buffer is an error (EAGAIN), which VRRP treats as one lost
 * advertisement.
 */
public final class RawIpSocket implements AutoCloseable {

    /** IPv4's largest header (IHL 15): the room a receive keeps in front of the payload for it. */
    private static final int MAX_IPV4_HEADER = 60;
    /** Room for IP_PKTINFO (32 bytes) or IPV6_PKTINFO (40) and IPV6_HOPLIMIT (24), with spare. */
    private static final int CONTROL_SIZE = 256;

    private final NativeSocket socket;
    private final StandardProtocolFamily family;
    private final int protocol;

    private RawIpSocket(NativeSocket socket, StandardProtocolFamily family, int protocol) {
        this.socket = socket;
        this.family = family;
        this.protocol = protocol;
    }

    /**
     * Opens a raw socket for IP {@code protocol} (1..254) of {@code family}. An IPv4 one reports each datagram's
     * ifindex ({@code IP_PKTINFO}) and receives only groups it joined ({@code IP_MULTICAST_ALL} off); an IPv6 one
     * reports the destination, ifindex and hop limit ({@code IPV6_RECVPKTINFO}, {@code IPV6_RECVHOPLIMIT}).
     * Needs {@code CAP_NET_RAW}. The socket belongs to the calling thread's network namespace, for good.
     */
    public static RawIpSocket open(Libc libc, ProtocolFamily family, int protocol) throws IOException {
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(family, "family");
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("family " + family + ": expected INET or INET6");
        }
        if (protocol < 1 || protocol > 254) {
            throw new IllegalArgumentException("IP protocol " + protocol + ": expected 1..254");
        }
        boolean v4 = family == StandardProtocolFamily.INET;
        String description = (v4 ? "AF_INET" : "AF_INET6") + " SOCK_RAW protocol " + protocol;
        NativeSocket socket = NativeSocket.open(libc, v4 ? Abi.AF_INET : Abi.AF_INET6, Abi.SOCK_RAW, protocol,
                description);
        try {
            socket.use(fd -> {
                if (v4) {
                    libc.setsockopt(fd, Abi.SOL_IP, Abi.IP_PKTINFO, 1, "setsockopt(IP_PKTINFO)");
                    libc.setsockopt(fd, Abi.SOL_IP, Abi.IP_MULTICAST_ALL, 0, "setsockopt(IP_MULTICAST_ALL 0)");
                } else {
                    libc.setsockopt(fd, Abi.SOL_IPV6, Abi.IPV6_RECVPKTINFO, 1, "setsockopt(IPV6_RECVPKTINFO)");
                    libc.setsockopt(fd, Abi.SOL_IPV6, Abi.IPV6_RECVHOPLIMIT, 1, "setsockopt(IPV6_RECVHOPLIMIT)");
                    try {
                        libc.setsockopt(fd, Abi.SOL_IPV6, Abi.IPV6_MULTICAST_ALL, 0,
                                "setsockopt(IPV6_MULTICAST_ALL 0)");
                    } catch (SystemCallException e) {
                        // Linux before 4.20 lacks the option; there the device binding keeps other groups out.
                        if (e.errno() != Errno.ENOPROTOOPT) {
                            throw e;
                        }
                    }
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new RawIpSocket(socket, (StandardProtocolFamily) family, protocol);
    }

    /** {@code INET} or {@code INET6}. */
    public StandardProtocolFamily family() {
        return family;
    }

    /** The IP protocol number. */
    public int protocol() {
        return protocol;
    }

    /**
     * {@code SO_BINDTODEVICE}: sends leave by, and receives come only from, {@code interfaceName} (at most 15
     * bytes). ENODEV when the namespace has no such interface.
     */
    public void bindToDevice(String interfaceName) throws IOException {
        byte[] name = Link.requireName(interfaceName);
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(name.length + 1L);
                MemorySegment.copy(name, 0, value, JAVA_BYTE, 0, name.length);
                socket.libc().setsockopt(fd, Abi.SOL_SOCKET, Abi.SO_BINDTODEVICE, value,
                        "setsockopt(SO_BINDTODEVICE " + interfaceName + ")");
            }
            return null;
        });
    }

    /**
     * Binds to a local address, which becomes the source of what is sent, and then receives only datagrams
     * addressed to it; an IPv4 receiver may bind to its group (224.0.0.18) to keep unicast out, as keepalived's
     * does. A link-local IPv6 address needs its interface as scope id
     * ({@link Inet6Address#getByAddress(String, byte[], int)}). EADDRNOTAVAIL when the address is not assigned here
     * (or, for IPv6, still tentative).
     */
    public void bind(InetAddress source) throws IOException {
        requireFamily(source, "source");
        int scope = source instanceof Inet6Address v6 ? v6.getScopeId() : 0;
        if (source.isLinkLocalAddress() && source instanceof Inet6Address && scope == 0) {
            throw new IllegalArgumentException("link-local source " + source.getHostAddress()
                    + ": expected a scope id naming its interface");
        }
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                socket.libc().bind(fd, SocketAddresses.ip(arena, source, scope),
                        "bind(" + source.getHostAddress() + ")");
            }
            return null;
        });
    }

    /**
     * Joins multicast {@code group} on interface {@code ifindex} ({@code IP_ADD_MEMBERSHIP} with an
     * {@code ip_mreqn}, or {@code IPV6_ADD_MEMBERSHIP}); the kernel then sends the IGMP or MLD report.
     */
    public void joinGroup(InetAddress group, int ifindex) throws IOException {
        membership(group, ifindex, true);
    }

    /** Leaves a group joined with {@link #joinGroup}. */
    public void leaveGroup(InetAddress group, int ifindex) throws IOException {
        membership(group, ifindex, false);
    }

    private void membership(InetAddress group, int ifindex, boolean join) throws IOException {
        requireFamily(group, "group");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("group " + group.getHostAddress() + ": expected a multicast address");
        }
        Link.requireIndex(ifindex);
        String what = "setsockopt(" + (family == StandardProtocolFamily.INET
                ? (join ? "IP_ADD_MEMBERSHIP " : "IP_DROP_MEMBERSHIP ")
                : (join ? "IPV6_ADD_MEMBERSHIP " : "IPV6_DROP_MEMBERSHIP ")) + group.getHostAddress() + " ifindex "
                + ifindex + ")";
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                if (group instanceof Inet4Address v4) {
                    socket.libc().setsockopt(fd, Abi.SOL_IP, join ? Abi.IP_ADD_MEMBERSHIP : Abi.IP_DROP_MEMBERSHIP,
                            SocketAddresses.ipMreqn(arena, v4, ifindex), what);
                } else {
                    socket.libc().setsockopt(fd, Abi.SOL_IPV6,
                            join ? Abi.IPV6_ADD_MEMBERSHIP : Abi.IPV6_DROP_MEMBERSHIP,
                            SocketAddresses.ipv6Mreq(arena, (Inet6Address) group, ifindex), what);
                }
            }
            return null;
        });
    }

    /** The interface multicast leaves by ({@code IP_MULTICAST_IF} with an {@code ip_mreqn}, or its IPv6 twin). */
    public void setMulticastInterface(int ifindex) throws IOException {
        Link.requireIndex(ifindex);
        socket.use(fd -> {
            if (family == StandardProtocolFamily.INET) {
                try (Arena arena = Arena.ofConfined()) {
                    socket.libc().setsockopt(fd, Abi.SOL_IP, Abi.IP_MULTICAST_IF,
                            SocketAddresses.ipMreqn(arena, null, ifindex), "setsockopt(IP_MULTICAST_IF " + ifindex + ")");
                }
            } else {
                socket.libc().setsockopt(fd, Abi.SOL_IPV6, Abi.IPV6_MULTICAST_IF, ifindex,
                        "setsockopt(IPV6_MULTICAST_IF " + ifindex + ")");
            }
            return null;
        });
    }

    /** The TTL (IPv6: hop limit) of multicast sent, 1..255; VRRP sends 255 (RFC 5798 §5.1.1.3). */
    public void setMulticastTtl(int ttl) throws IOException {
        requireTtl(ttl);
        setInt(family == StandardProtocolFamily.INET ? Abi.SOL_IP : Abi.SOL_IPV6,
                family == StandardProtocolFamily.INET ? Abi.IP_MULTICAST_TTL : Abi.IPV6_MULTICAST_HOPS, ttl,
                family == StandardProtocolFamily.INET ? "IP_MULTICAST_TTL" : "IPV6_MULTICAST_HOPS");
    }

    /** The TTL (IPv6: hop limit) of unicast sent, 1..255; VRRP to unicast peers sends 255 too. */
    public void setUnicastTtl(int ttl) throws IOException {
        requireTtl(ttl);
        setInt(family == StandardProtocolFamily.INET ? Abi.SOL_IP : Abi.SOL_IPV6,
                family == StandardProtocolFamily.INET ? Abi.IP_TTL : Abi.IPV6_UNICAST_HOPS, ttl,
                family == StandardProtocolFamily.INET ? "IP_TTL" : "IPV6_UNICAST_HOPS");
    }

    /** Whether multicast sent is looped back to this host's own sockets; VRRP turns it off. */
    public void setMulticastLoop(boolean loop) throws IOException {
        setInt(family == StandardProtocolFamily.INET ? Abi.SOL_IP : Abi.SOL_IPV6,
                family == StandardProtocolFamily.INET ? Abi.IP_MULTICAST_LOOP : Abi.IPV6_MULTICAST_LOOP, loop ? 1 : 0,
                family == StandardProtocolFamily.INET ? "IP_MULTICAST_LOOP" : "IPV6_MULTICAST_LOOP");
    }

    private void setInt(int level, int option, int value, String name) throws IOException {
        socket.use(fd -> {
            socket.libc().setsockopt(fd, level, option, value, "setsockopt(" + name + " " + value + ")");
            return null;
        });
    }

    /**
     * Sends the payload's remaining bytes to {@code destination}; the kernel adds the IP header. Leaves the
     * buffer's position alone. A link-local IPv6 destination without a scope id leaves by the bound device.
     */
    public void send(ByteBuffer payload, InetAddress destination) throws IOException {
        Objects.requireNonNull(payload, "payload");
        requireFamily(destination, "destination");
        int scope = destination instanceof Inet6Address v6 ? v6.getScopeId() : 0;
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(Math.max(1, payload.remaining()));
                data.asByteBuffer().put(payload.duplicate());
                socket.libc().sendto(fd, data.asSlice(0, payload.remaining()), Abi.MSG_DONTWAIT,
                        SocketAddresses.ip(arena, destination, scope),
                        "sendto(" + destination.getHostAddress() + ", " + payload.remaining() + " bytes)");
            }
            return null;
        });
    }

    /**
     * Waits up to {@code timeout} for a datagram and copies its payload into {@code payload} at its position,
     * advancing the position; empty when none came in time. A payload larger than the buffer's remaining room is
     * cut to fit and reported {@link ReceivedDatagram#truncated()}, with its full length. Throws
     * {@link java.nio.channels.AsynchronousCloseException} when the socket is closed meanwhile.
     */
    public Optional<ReceivedDatagram> receive(ByteBuffer payload, Duration timeout) throws IOException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timeout, "timeout");
        if (payload.isReadOnly()) {
            throw new IllegalArgumentException("payload buffer is read-only: expected a writable one");
        }
        long deadline = NativeSocket.deadline(timeout);
        boolean v4 = family == StandardProtocolFamily.INET;
        return socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate((v4 ? MAX_IPV4_HEADER : 0) + Math.max(1, payload.remaining()), 8);
                MemorySegment name = arena.allocate(Abi.SOCKADDR_STORAGE_SIZE, 8);
                MemorySegment control = arena.allocate(CONTROL_SIZE, 8);
                MemorySegment iov = arena.allocate(Abi.IOVEC_SIZE, 8);
                MemorySegment msg = arena.allocate(Abi.MSGHDR_SIZE, 8);
                iov.set(ADDRESS, 0, data);
                iov.set(JAVA_LONG, Abi.IOV_LEN, data.byteSize());
                // Bounded by the deadline: each round waits, and EAGAIN (a datagram the kernel dropped after poll
                // saw it) only sends it back to waiting.
                while (socket.awaitReadable(deadline) == NativeSocket.Readiness.READABLE) {
                    msg.fill((byte) 0);
                    msg.set(ADDRESS, Abi.MSG_NAME, name);
                    msg.set(JAVA_INT, Abi.MSG_NAMELEN, (int) name.byteSize());
                    msg.set(ADDRESS, Abi.MSG_IOV, iov);
                    msg.set(JAVA_LONG, Abi.MSG_IOVLEN, 1);
                    msg.set(ADDRESS, Abi.MSG_CONTROL, control);
                    msg.set(JAVA_LONG, Abi.MSG_CONTROLLEN, control.byteSize());
                    long length;
                    try {
                        // MSG_TRUNC makes recvmsg return the datagram's real length even when cut.
                        length = socket.libc().recvmsg(fd, msg, Abi.MSG_DONTWAIT | Abi.MSG_TRUNC,
                                "recvmsg(" + socket.description() + ")");
                    } catch (SystemCallException e) {
                        if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EINTR) {
                            continue;
                        }
                        throw e;
                    }
                    return Optional.of(decode(data, length, name, control, msg, payload));
                }
                return Optional.<ReceivedDatagram>empty();
            }
        });
    }

    private ReceivedDatagram decode(MemorySegment data, long length, MemorySegment name, MemorySegment control,
            MemorySegment msg, ByteBuffer payload) {
        int flags = msg.get(JAVA_INT, Abi.MSG_FLAGS);
        ReceivedHeaders.Control info = ReceivedHeaders.control(control, msg.get(JAVA_LONG, Abi.MSG_CONTROLLEN));
        if ((flags & Abi.MSG_CTRUNC) != 0 || info.ifindex() < 0) {
            throw new IllegalStateException(socket.description() + ": recvmsg control data cut short (flags 0x"
                    + Integer.toHexString(flags) + ", " + CONTROL_SIZE + " bytes): expected IP_PKTINFO or IPV6_PKTINFO");
        }
        long available = Math.min(length, data.byteSize());
        InetAddress source;
        InetAddress destination;
        int ttl;
        long payloadStart;
        if (family == StandardProtocolFamily.INET) {
            ReceivedHeaders.Ipv4Header header = ReceivedHeaders.ipv4(data, available);
            source = header.source();
            destination = header.destination();
            ttl = header.ttl();
            payloadStart = header.headerLength();
        } else {
            if (info.hopLimit() < 0 || info.destination() == null) {
                throw new IllegalStateException(socket.description()
                        + ": recvmsg gave no IPV6_HOPLIMIT or IPV6_PKTINFO: expected both, they were asked for");
            }
            source = SocketAddresses.readIp(name);
            destination = info.destination();
            ttl = info.hopLimit();
            payloadStart = 0;
        }
        long payloadLength = length - payloadStart;
        int copied = (int) Math.min(Math.min(payloadLength, available - payloadStart), payload.remaining());
        payload.put(data.asSlice(payloadStart, copied).asByteBuffer());
        boolean truncated = copied < payloadLength || (flags & Abi.MSG_TRUNC) != 0;
        return new ReceivedDatagram(source, destination, ttl, info.ifindex(), (int) payloadLength, truncated);
    }

    /** Closes the socket; a {@link #receive} blocked on another thread ends at once. Idempotent. */
    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "RawIpSocket[" + socket.description() + (socket.isOpen() ? "" : ", closed") + "]";
    }

    private void requireFamily(InetAddress address, String what) {
        Objects.requireNonNull(address, what);
        boolean v4 = address instanceof Inet4Address;
        if (v4 != (family == StandardProtocolFamily.INET)) {
            throw new IllegalArgumentException(what + " " + address.getHostAddress() + ": expected an "
                    + (family == StandardProtocolFamily.INET ? "IPv4" : "IPv6") + " address on this " + family
                    + " socket");
        }
    }

    private static void requireTtl(int ttl) {
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("TTL " + ttl + ": expected 1..255");
        }
    }
}
