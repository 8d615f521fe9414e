package io.edgeplane.core.os.net;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * An IPv4 UDP socket for one interface, bound to 0.0.0.0 and a port, that receives broadcast and says where each
 * datagram came in: what a DHCP server listens on (dnsmasq binds 0.0.0.0:67 and reads {@code IP_PKTINFO}; ISC
 * dhcpd binds per interface). {@code SO_BINDTODEVICE} keeps it to its interface, so one socket per interface can
 * share the port ({@code SO_REUSEADDR}), and sending to 255.255.255.255 ({@code SO_BROADCAST}) leaves by that
 * interface, from its primary address (or 0.0.0.0 when it has none).
 *
 * <p>Receiving is batched for group commit: {@link #receive} waits for the first datagram and then takes whatever
 * else is queued, up to the batch's capacity, in one {@code recvmmsg(2)}. It waits in {@code poll(2)} rather than in
 * a blocking {@code recvmmsg} with {@code MSG_WAITFORONE}, which has the same effect, so that {@link #close()} from
 * another thread ends the wait at once ({@link NativeSocket}). Sends never block ({@code MSG_DONTWAIT}): a full
 * send queue is an error (EAGAIN), which a DHCP server treats as a lost reply the client will ask again for.
 *
 * <p>Thread safety: any thread may send, receive or close; each receiving thread uses a batch of its own. The
 * socket belongs to the network namespace of the thread that opened it.
 */
public final class BroadcastUdpSocket implements AutoCloseable {

    private final NativeSocket socket;
    private final String interfaceName;
    private final int port;

    private BroadcastUdpSocket(NativeSocket socket, String interfaceName, int port) {
        this.socket = socket;
        this.interfaceName = interfaceName;
        this.port = port;
    }

    /**
     * Opens {@code socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)} with {@code SO_REUSEADDR}, {@code SO_BROADCAST},
     * {@code SO_BINDTODEVICE interfaceName} and {@code IP_PKTINFO}, and binds it to 0.0.0.0:{@code port}. Binding
     * below 1024 needs {@code CAP_NET_BIND_SERVICE}; ENODEV when there is no such interface.
     */
    public static BroadcastUdpSocket open(Libc libc, String interfaceName, int port) throws IOException {
        Objects.requireNonNull(libc, "libc");
        Link.requireName(interfaceName);
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + ": expected 1..65535");
        }
        String description = "AF_INET SOCK_DGRAM " + interfaceName + " port " + port;
        NativeSocket socket = NativeSocket.open(libc, Abi.AF_INET, Abi.SOCK_DGRAM, Abi.IPPROTO_UDP, description);
        try {
            socket.use(fd -> {
                libc.setsockopt(fd, Abi.SOL_SOCKET, Abi.SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
                libc.setsockopt(fd, Abi.SOL_SOCKET, Abi.SO_BROADCAST, 1, "setsockopt(SO_BROADCAST)");
                libc.setsockopt(fd, Abi.SOL_IP, Abi.IP_PKTINFO, 1, "setsockopt(IP_PKTINFO)");
                return null;
            });
            // Before bind: bound to the device, the port is only taken on this interface.
            socket.bindToDevice(interfaceName);
            socket.use(fd -> {
                try (Arena arena = Arena.ofConfined()) {
                    libc.bind(fd, SocketAddresses.ipv4(arena, SocketAddresses.ipv4(0), port),
                            "bind(" + description + ", 0.0.0.0:" + port + ")");
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new BroadcastUdpSocket(socket, interfaceName, port);
    }

    /** The interface it is bound to. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The local port. */
    public int port() {
        return port;
    }

    /**
     * {@code SO_RCVBUF}: how many bytes may queue before the kernel drops datagrams (it doubles the value for its
     * bookkeeping and caps it at {@code net.core.rmem_max}). A DHCP server after a power cut sees every client at
     * once.
     */
    public void setReceiveBufferSize(int bytes) throws IOException {
        if (bytes < 1) {
            throw new IllegalArgumentException("receive buffer of " + bytes + " bytes: expected more than zero");
        }
        socket.use(fd -> {
            socket.libc().setsockopt(fd, Abi.SOL_SOCKET, Abi.SO_RCVBUF, bytes, "setsockopt(SO_RCVBUF " + bytes + ")");
            return null;
        });
    }

    /**
     * Waits up to {@code timeout} for a datagram, then takes it and whatever else is queued, up to the batch's
     * capacity, into {@code batch}; returns how many ({@link UdpReceiveBatch#count()}), 0 when none came in time.
     * Throws {@link java.nio.channels.AsynchronousCloseException} when the socket is closed meanwhile.
     */
    public int receive(UdpReceiveBatch batch, Duration timeout) throws IOException {
        Objects.requireNonNull(batch, "batch");
        long deadline = NativeSocket.deadline(timeout);
        return socket.use(fd -> {
            // Bounded by the deadline: each round waits, and EAGAIN (poll saw a datagram whose checksum then failed)
            // only sends it back to waiting.
            while (socket.awaitReadable(deadline) == NativeSocket.Readiness.READABLE) {
                MemorySegment headers = batch.prepare();
                int received;
                try {
                    // MSG_TRUNC: each msg_len is the datagram's real length even when it was cut to the slot.
                    received = socket.libc().recvmmsg(fd, headers, batch.capacity(),
                            Abi.MSG_DONTWAIT | Abi.MSG_TRUNC, "recvmmsg(" + socket.description() + ")");
                } catch (SystemCallException e) {
                    if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EINTR) {
                        continue;
                    }
                    throw e;
                }
                batch.received(received, socket.description());
                return received;
            }
            batch.prepare();
            return 0;
        });
    }

    /**
     * Sends {@code payload}'s remaining bytes (its position is left alone) to {@code destination}:{@code port};
     * 255.255.255.255 broadcasts on the interface.
     */
    public void send(ByteBuffer payload, Inet4Address destination, int port) throws IOException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(destination, "destination");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("destination port " + port + ": expected 1..65535");
        }
        if (payload.remaining() > Ipv4UdpFrame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.remaining() + " bytes: expected at most "
                    + Ipv4UdpFrame.MAX_PAYLOAD);
        }
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(Math.max(1, payload.remaining()));
                data.asByteBuffer().put(payload.duplicate());
                socket.libc().sendto(fd, data.asSlice(0, payload.remaining()), Abi.MSG_DONTWAIT,
                        SocketAddresses.ipv4(arena, destination, port), "sendto(" + socket.description() + " -> "
                                + destination.getHostAddress() + ":" + port + ", " + payload.remaining() + " bytes)");
            }
            return null;
        });
    }

    /**
     * Sends the batch's datagrams in order with {@code sendmmsg(2)} and returns how many went. One the kernel
     * refuses (no route, a firewall's EPERM) is skipped and the rest still go; a full send queue (EAGAIN, ENOBUFS)
     * ends the batch there, since the rest would fail alike. Throws the first error only when not one datagram
     * went. The batch is left as it was; {@link UdpSendBatch#clear()} it for the next round.
     */
    public int send(UdpSendBatch batch) throws IOException {
        Objects.requireNonNull(batch, "batch");
        return socket.use(fd -> {
            int sent = 0;
            SystemCallException first = null;
            int next = 0;
            // Bounded: every round sends at least one datagram, skips one, or ends.
            while (next < batch.count()) {
                try {
                    int went = socket.libc().sendmmsg(fd, batch.headersFrom(next), batch.count() - next,
                            Abi.MSG_DONTWAIT, "sendmmsg(" + socket.description() + ", datagram " + next + " of "
                                    + batch.count() + ")");
                    sent += went;
                    next += went;
                } catch (SystemCallException e) {
                    if (e.errno() == Errno.EINTR) {
                        continue;
                    }
                    first = first == null ? e : first;
                    if (e.errno() == Errno.EAGAIN || e.errno() == Errno.ENOBUFS) {
                        break;
                    }
                    next++;
                }
            }
            if (sent == 0 && first != null) {
                throw first;
            }
            return sent;
        });
    }

    /** Closes the socket; a {@link #receive} blocked on another thread ends at once. Idempotent. */
    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "BroadcastUdpSocket[" + socket.description() + (socket.isOpen() ? "" : ", closed") + "]";
    }
}
