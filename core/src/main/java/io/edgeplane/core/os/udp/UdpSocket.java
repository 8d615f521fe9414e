package io.edgeplane.core.os.udp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * One non-blocking UDP socket, IPv4 or IPv6 (an IPv6 wildcard socket is dual-stack, the kernel's default), with
 * kernel receive timestamps on ({@code SO_TIMESTAMPNS}), read and written in batches through a
 * {@link DatagramBatch}. Its calls are made on one thread at a time (an event loop); {@link #close()} may come
 * from any thread once that thread no longer uses it.
 */
public final class UdpSocket implements AutoCloseable {

    private static final int SOCKADDR_IN6_BYTES = 28;

    private final UdpSockets calls;
    private final int fd;
    private final InetSocketAddress localAddress;
    /**
     * errno of this socket's last call: one per socket, as each socket is used by one thread. Freed by the garbage
     * collector, never explicitly, so that a close racing with a last read cannot fault.
     */
    private final MemorySegment errno = Arena.ofAuto().allocate(UdpSockets.ERRNO_STATE);
    private volatile boolean closed;

    private UdpSocket(UdpSockets calls, int fd, InetSocketAddress localAddress) {
        this.calls = calls;
        this.fd = fd;
        this.localAddress = localAddress;
    }

    /**
     * A socket bound to {@code address} (port 0: any free one, see {@link #localAddress()}).
     *
     * @param reusePort     SO_REUSEPORT, so that several sockets share the address and the kernel spreads the
     *                      clients over them by address and port
     * @param receiveBuffer SO_RCVBUF in bytes (the kernel doubles it and caps it at net.core.rmem_max); 0 leaves it
     * @throws IOException when a call fails, with its errno
     */
    public static UdpSocket open(UdpSockets calls, InetSocketAddress address, boolean reusePort, int receiveBuffer)
            throws IOException {
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address must be resolved, got " + address);
        }
        boolean v6 = address.getAddress() instanceof Inet6Address;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(UdpSockets.ERRNO_STATE);
            int fd = (int) calls.socket.invokeExact(state, v6 ? UdpSockets.AF_INET6 : UdpSockets.AF_INET,
                    UdpSockets.SOCK_DGRAM | UdpSockets.SOCK_NONBLOCK | UdpSockets.SOCK_CLOEXEC, 0);
            check(fd, "socket", state);
            try {
                MemorySegment value = call.allocate(JAVA_INT);
                if (reusePort) {
                    setInt(calls, fd, UdpSockets.SO_REUSEPORT, 1, value, state, "SO_REUSEPORT");
                }
                setInt(calls, fd, UdpSockets.SO_TIMESTAMPNS, 1, value, state, "SO_TIMESTAMPNS");
                if (receiveBuffer > 0) {
                    setInt(calls, fd, UdpSockets.SO_RCVBUF, receiveBuffer, value, state, "SO_RCVBUF");
                }
                MemorySegment sockaddr = call.allocate(SOCKADDR_IN6_BYTES, 4);
                int length = writeSockaddr(sockaddr, address);
                check((int) calls.bind.invokeExact(state, fd, sockaddr, length), "bind to " + address, state);
                MemorySegment bound = call.allocate(SOCKADDR_IN6_BYTES, 4);
                MemorySegment boundLength = call.allocate(JAVA_INT);
                boundLength.set(JAVA_INT, 0, SOCKADDR_IN6_BYTES);
                check((int) calls.getsockname.invokeExact(state, fd, bound, boundLength), "getsockname", state);
                return new UdpSocket(calls, fd, readSockaddr(bound));
            } catch (IOException | RuntimeException | Error e) {
                int ignored = (int) calls.close.invokeExact(state, fd);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw UdpSockets.rethrow(e);
        }
    }

    private static void setInt(UdpSockets calls, int fd, int option, int value, MemorySegment buffer,
                               MemorySegment state, String name) throws Throwable {
        buffer.set(JAVA_INT, 0, value);
        check((int) calls.setsockopt.invokeExact(state, fd, UdpSockets.SOL_SOCKET, option, buffer, 4),
                "setsockopt(" + name + ")", state);
    }

    private static void check(int result, String call, MemorySegment state) throws IOException {
        if (result < 0) {
            int errno = UdpSockets.errno(state);
            throw new IOException(call + " failed: " + describe(errno));
        }
    }

    /** strerror's text for the errors a bind meets, as Netty words them; the number for the others. */
    static String describe(int errno) {
        return switch (errno) {
            case 13 -> "Permission denied";
            case 97 -> "Address family not supported by protocol";
            case 98 -> "Address already in use";
            case 99 -> "Cannot assign requested address";
            default -> "errno " + errno;
        };
    }

    /** Writes {@code address} as a sockaddr_in or sockaddr_in6 at the start of {@code to}; its length. */
    static int writeSockaddr(MemorySegment to, InetSocketAddress address) {
        int port = address.getPort();
        to.fill((byte) 0);
        to.set(JAVA_BYTE, 2, (byte) (port >>> 8));
        to.set(JAVA_BYTE, 3, (byte) port);
        byte[] bytes = address.getAddress().getAddress();
        if (address.getAddress() instanceof Inet4Address) {
            to.set(JAVA_SHORT, 0, (short) UdpSockets.AF_INET);
            MemorySegment.copy(bytes, 0, to, JAVA_BYTE, 4, 4);
            return 16;
        }
        to.set(JAVA_SHORT, 0, (short) UdpSockets.AF_INET6);
        MemorySegment.copy(bytes, 0, to, JAVA_BYTE, 8, 16);
        to.set(JAVA_INT, 24, ((Inet6Address) address.getAddress()).getScopeId());
        return SOCKADDR_IN6_BYTES;
    }

    /** The address in a sockaddr_in or sockaddr_in6; allocates (binding, tests), never per datagram. */
    static InetSocketAddress readSockaddr(MemorySegment from) {
        int family = from.get(JAVA_SHORT, 0);
        int port = (from.get(JAVA_BYTE, 2) & 0xff) << 8 | from.get(JAVA_BYTE, 3) & 0xff;
        byte[] bytes = family == UdpSockets.AF_INET ? new byte[4] : new byte[16];
        MemorySegment.copy(from, JAVA_BYTE, family == UdpSockets.AF_INET ? 4 : 8, bytes, 0, bytes.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** The file descriptor, for registering with an event loop. */
    public int fd() {
        return fd;
    }

    /** Where the socket is bound: the port the kernel chose when asked for 0. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * Reads the datagrams waiting, up to the batch's size, without waiting ({@code recvmmsg}): how many (0 when
     * there were none), or {@code -errno} on another failure. Allocates nothing.
     */
    public int receive(DatagramBatch batch) {
        batch.prepareReceive();
        try {
            int received = (int) calls.recvmmsg.invokeExact(errno, fd, batch.receiveHeaders(), batch.size(),
                    UdpSockets.MSG_DONTWAIT, MemorySegment.NULL);
            if (received >= 0) {
                batch.received(received);
                return received;
            }
            int error = UdpSockets.errno(errno);
            batch.received(0);
            return error == UdpSockets.EAGAIN || error == UdpSockets.EINTR ? 0 : -error;
        } catch (Throwable e) {
            throw UdpSockets.rethrow(e);
        }
    }

    /** {@link #send(DatagramBatch, int, int)} from the first reply. */
    public int send(DatagramBatch batch, int count) {
        return send(batch, 0, count);
    }

    /**
     * Sends the {@code count} replies queued in {@code batch} ({@link DatagramBatch#replyTo}) from reply
     * {@code first} on, with as few {@code sendmmsg} calls as the kernel takes them in: how many went. A reply the
     * kernel refuses (a full send buffer, an unreachable address) is skipped, and the others still go. Allocates
     * nothing.
     */
    public int send(DatagramBatch batch, int first, int count) {
        Objects.checkFromIndexSize(first, count, batch.size());
        int sent = 0;
        int next = first;
        int end = first + count;
        try {
            while (next < end) {
                int result = (int) calls.sendmmsg.invokeExact(errno, fd, batch.sendHeaders(next), end - next, 0);
                if (result > 0) {
                    sent += result;
                    next += result;
                } else {
                    // sendmmsg reports an error only for the first message it could not send: skip that one.
                    next++;
                }
            }
            return sent;
        } catch (Throwable e) {
            throw UdpSockets.rethrow(e);
        }
    }

    /** Closes the socket: its port is free again when this returns. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) calls.close.invokeExact(errno, fd);
        } catch (Throwable e) {
            throw UdpSockets.rethrow(e);
        }
    }

    @Override
    public String toString() {
        return "UdpSocket[fd=" + fd + ", " + localAddress + (closed ? ", closed]" : "]");
    }
}
