package io.edgeplane.bench.ntp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The few Linux system calls the NTP load generator makes, through the FFM API (no dependency, no JNI): UDP
 * sockets on IPv4, {@code sendmmsg}/{@code recvmmsg} (a batch of datagrams per system call, which the JDK's
 * {@code DatagramChannel} cannot do), kernel receive timestamps ({@code SO_TIMESTAMPNS}), {@code poll} and
 * {@code clock_gettime(CLOCK_REALTIME)}. Linux on x86-64 or arm64 only (the struct layouts and constants are those
 * of both); anything else fails at start with a clear message.
 */
@SuppressWarnings("restricted")   // what FFM downcalls are for; the generator runs with --enable-native-access
final class LinuxUdp {

    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUF = 7;
    /** Also SCM_TIMESTAMPNS: the control message's type. */
    static final int SO_TIMESTAMPNS = 35;
    /** SO_TIMESTAMPING, also SCM_TIMESTAMPING: the control message's type. */
    static final int SO_TIMESTAMPING = 37;
    static final int SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
    static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
    static final int SOF_TIMESTAMPING_OPT_ID = 1 << 7;
    static final int SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;
    static final int SOL_IP = 0;
    static final int IP_RECVERR = 11;
    static final int SO_EE_ORIGIN_TIMESTAMPING = 4;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;
    static final short POLLIN = 1;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ECONNREFUSED = 111;
    static final int CLOCK_REALTIME = 0;

    /** struct iovec: base, length. */
    static final long IOVEC_SIZE = 16;
    /** struct mmsghdr: a struct msghdr (56 bytes) and the length received or sent, padded to 64. */
    static final long MMSGHDR_SIZE = 64;
    static final long MSG_NAME = 0;
    static final long MSG_NAMELEN = 8;
    static final long MSG_IOV = 16;
    static final long MSG_IOVLEN = 24;
    static final long MSG_CONTROL = 32;
    static final long MSG_CONTROLLEN = 40;
    static final long MSG_FLAGS = 48;
    static final long MSG_LEN = 56;
    /** struct cmsghdr: length (size_t), level, type; the data follows at 16. */
    static final long CMSG_DATA = 16;
    /**
     * Room for the control messages of one datagram: SCM_TIMESTAMPNS (32 bytes with its header) on a reply; on a
     * transmit timestamp from the error queue SCM_TIMESTAMPING (64), IP_RECVERR (48) and SCM_TIMESTAMPNS again.
     */
    static final long CONTROL_SPACE = 192;

    private static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle socket;
    private final MethodHandle setsockopt;
    private final MethodHandle bind;
    private final MethodHandle connect;
    private final MethodHandle sendmmsg;
    private final MethodHandle recvmmsg;
    private final MethodHandle poll;
    private final MethodHandle close;
    private final MethodHandle clockGettime;
    private final MemorySegment errno;
    private final MemorySegment timespec;

    LinuxUdp(Arena arena) {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
            throw new UnsupportedOperationException("the NTP load generator needs Linux on x86-64 or arm64, not " + os + " on " + arch);
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the NTP load generator needs a little-endian machine");
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errnoOption = Linker.Option.captureCallState("errno");
        socket = handle(linker, libc, "socket", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), errnoOption);
        setsockopt = handle(linker, libc, "setsockopt",
                FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, ValueLayout.ADDRESS, C_INT), errnoOption);
        bind = handle(linker, libc, "bind", FunctionDescriptor.of(C_INT, C_INT, ValueLayout.ADDRESS, C_INT), errnoOption);
        connect = handle(linker, libc, "connect", FunctionDescriptor.of(C_INT, C_INT, ValueLayout.ADDRESS, C_INT), errnoOption);
        sendmmsg = handle(linker, libc, "sendmmsg", FunctionDescriptor.of(C_INT, C_INT, ValueLayout.ADDRESS, C_INT, C_INT),
                errnoOption);
        recvmmsg = handle(linker, libc, "recvmmsg",
                FunctionDescriptor.of(C_INT, C_INT, ValueLayout.ADDRESS, C_INT, C_INT, ValueLayout.ADDRESS), errnoOption);
        poll = handle(linker, libc, "poll", FunctionDescriptor.of(C_INT, ValueLayout.ADDRESS, C_LONG, C_INT), errnoOption);
        close = handle(linker, libc, "close", FunctionDescriptor.of(C_INT, C_INT), errnoOption);
        // Called per batch on the hot path and never blocks: critical (no thread-state transition).
        clockGettime = linker.downcallHandle(libc.find("clock_gettime").orElseThrow(),
                FunctionDescriptor.of(C_INT, C_INT, ValueLayout.ADDRESS), Linker.Option.critical(false));
        errno = arena.allocate(ERRNO_STATE);
        timespec = arena.allocate(16, 8);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor,
                                       Linker.Option option) {
        return linker.downcallHandle(libc.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no " + name)),
                descriptor, option);
    }

    /** The last call's errno. */
    int errno() {
        return (int) ERRNO.get(errno, 0L);
    }

    /** CLOCK_REALTIME in nanoseconds since the Unix epoch: the clock the kernel's receive timestamps are on. */
    long realtimeNanos() {
        try {
            int result = (int) clockGettime.invokeExact(CLOCK_REALTIME, timespec);
            if (result != 0) {
                throw new IllegalStateException("clock_gettime(CLOCK_REALTIME) failed");
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
        return timespec.get(C_LONG, 0) * 1_000_000_000L + timespec.get(C_LONG, 8);
    }

    /**
     * A UDP socket on 127.0.0.1 (any free port), connected to 127.0.0.1:{@code port}, with kernel receive
     * timestamps on and the given kernel buffer sizes. Its file descriptor.
     */
    int connectedSocket(Arena arena, byte[] serverAddress, int port, int bufferBytes, boolean txTimestamps)
            throws IOException {
        try {
            int fd = (int) socket.invokeExact(errno, AF_INET, SOCK_DGRAM, 0);
            check(fd, "socket");
            MemorySegment value = arena.allocate(C_INT);
            value.set(C_INT, 0, 1);
            check((int) setsockopt.invokeExact(errno, fd, SOL_SOCKET, SO_TIMESTAMPNS, value, 4), "setsockopt(SO_TIMESTAMPNS)");
            if (txTimestamps) {
                // The kernel's software transmit timestamp of each datagram, on the error queue, numbered from 0.
                value.set(C_INT, 0, SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID
                        | SOF_TIMESTAMPING_OPT_TSONLY);
                check((int) setsockopt.invokeExact(errno, fd, SOL_SOCKET, SO_TIMESTAMPING, value, 4),
                        "setsockopt(SO_TIMESTAMPING)");
            }
            value.set(C_INT, 0, bufferBytes);
            check((int) setsockopt.invokeExact(errno, fd, SOL_SOCKET, SO_RCVBUF, value, 4), "setsockopt(SO_RCVBUF)");
            check((int) setsockopt.invokeExact(errno, fd, SOL_SOCKET, SO_SNDBUF, value, 4), "setsockopt(SO_SNDBUF)");
            MemorySegment local = sockaddr(arena, serverAddress, 0);
            check((int) bind.invokeExact(errno, fd, local, 16), "bind");
            MemorySegment remote = sockaddr(arena, serverAddress, port);
            check((int) connect.invokeExact(errno, fd, remote, 16), "connect");
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static MemorySegment sockaddr(Arena arena, byte[] address, int port) {
        MemorySegment sa = arena.allocate(16, 4);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        sa.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >>> 8));
        sa.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
        MemorySegment.copy(address, 0, sa, ValueLayout.JAVA_BYTE, 4, 4);
        return sa;
    }

    /** sendmmsg: how many of the {@code count} messages went, or -errno. */
    int sendmmsg(int fd, MemorySegment messages, int count) {
        try {
            int sent = (int) sendmmsg.invokeExact(errno, fd, messages, count, 0);
            return sent >= 0 ? sent : -errno();
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** recvmmsg without waiting: how many messages arrived (0 if none), or -errno. */
    int recvmmsg(int fd, MemorySegment messages, int count) {
        return recvmmsg(fd, messages, count, MSG_DONTWAIT);
    }

    /** recvmmsg from the socket's error queue (transmit timestamps), without waiting. */
    int recvmmsgErrors(int fd, MemorySegment messages, int count) {
        return recvmmsg(fd, messages, count, MSG_DONTWAIT | MSG_ERRQUEUE);
    }

    private int recvmmsg(int fd, MemorySegment messages, int count, int flags) {
        try {
            int received = (int) recvmmsg.invokeExact(errno, fd, messages, count, flags, MemorySegment.NULL);
            if (received >= 0) {
                return received;
            }
            int error = errno();
            return error == EAGAIN ? 0 : -error;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** poll for input on {@code count} struct pollfd; the number ready, 0 on timeout or a signal. */
    int poll(MemorySegment pollfds, int count, int timeoutMillis) {
        try {
            int ready = (int) poll.invokeExact(errno, pollfds, (long) count, timeoutMillis);
            if (ready < 0 && errno() != EINTR) {
                throw new IllegalStateException("poll failed: errno " + errno());
            }
            return Math.max(ready, 0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    void close(int fd) {
        try {
            int ignored = (int) close.invokeExact(errno, fd);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private void check(int result, String call) throws IOException {
        if (result < 0) {
            throw new IOException(call + " failed: errno " + errno());
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
