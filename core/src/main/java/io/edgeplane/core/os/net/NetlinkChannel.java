package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A {@code NETLINK_ROUTE} socket: sends requests to the kernel and reads datagrams from it, dropping any that
 * another process sent (a netlink socket accepts unicast from any local port; only the kernel's, port id 0, count).
 * {@link Rtnetlink} and {@link LinkMonitor} each own one.
 */
final class NetlinkChannel implements AutoCloseable {

    /** A dump sends at most about a page (or 32 KiB with large pages) per datagram; this holds any of them. */
    static final int RECEIVE_BUFFER = 64 * 1024;

    private final NativeSocket socket;

    private NetlinkChannel(NativeSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens the socket, binds it (the kernel picks the port id) to the {@code groups} mask, and asks for extended
     * acks so errors carry the kernel's own explanation.
     */
    static NetlinkChannel open(Libc libc, int groups) throws IOException {
        NativeSocket socket = NativeSocket.open(libc, Abi.AF_NETLINK, Abi.SOCK_RAW, Abi.NETLINK_ROUTE,
                "AF_NETLINK NETLINK_ROUTE");
        try {
            socket.use(fd -> {
                try (Arena arena = Arena.ofConfined()) {
                    libc.bind(fd, SocketAddresses.netlink(arena, groups),
                            "bind(AF_NETLINK groups 0x" + Integer.toHexString(groups) + ")");
                }
                try {
                    libc.setsockopt(fd, Abi.SOL_NETLINK, Abi.NETLINK_EXT_ACK, 1, "setsockopt(NETLINK_EXT_ACK)");
                } catch (SystemCallException e) {
                    // Before Linux 4.12 there are no extended acks; errors then come with the errno alone.
                    if (e.errno() != Errno.ENOPROTOOPT) {
                        throw e;
                    }
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new NetlinkChannel(socket);
    }

    Libc libc() {
        return socket.libc();
    }

    /** Sends one request to the kernel. */
    void send(ByteBuffer request, String what) throws IOException {
        Objects.requireNonNull(request, "request");
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(request.remaining());
                data.asByteBuffer().put(request.duplicate());
                socket.libc().sendto(fd, data, Abi.MSG_DONTWAIT, SocketAddresses.netlink(arena, 0), what);
            }
            return null;
        });
    }

    /**
     * Waits until {@code deadlineNanos} for a datagram from the kernel and returns its messages; null on timeout.
     * ENOBUFS (the kernel dropped messages because the socket's buffer was full) is thrown as a
     * {@link SystemCallException}, for the caller to resynchronise.
     */
    List<NetlinkMessages.Message> receive(long deadlineNanos) throws IOException {
        return socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(RECEIVE_BUFFER, 8);
                MemorySegment sender = arena.allocate(Abi.SOCKADDR_NL_SIZE, 4);
                MemorySegment senderLength = arena.allocate(JAVA_INT);
                while (socket.awaitReadable(deadlineNanos) == NativeSocket.Readiness.READABLE) {
                    long length;
                    try {
                        length = socket.libc().recvfrom(fd, data, Abi.MSG_DONTWAIT | Abi.MSG_TRUNC, sender,
                                senderLength, "recvfrom(AF_NETLINK NETLINK_ROUTE)");
                    } catch (SystemCallException e) {
                        if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EINTR) {
                            continue;
                        }
                        throw e;
                    }
                    if (sender.get(JAVA_INT, Abi.NL_PID) != 0) {
                        continue;
                    }
                    if (length > data.byteSize()) {
                        throw new IOException("netlink datagram of " + length + " bytes: expected at most "
                                + data.byteSize());
                    }
                    ByteBuffer copy = ByteBuffer.allocate((int) length);
                    copy.put(data.asSlice(0, length).asByteBuffer()).flip();
                    return NetlinkMessages.parse(copy);
                }
                return null;
            }
        });
    }

    /** Closes the socket; a {@link #receive} blocked on another thread ends with an AsynchronousCloseException. */
    @Override
    public void close() {
        socket.close();
    }
}
