package io.edgeplane.core.os.udp;

import io.edgeplane.core.os.Platform;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The libc calls behind {@link UdpSocket} and {@link DatagramBatch}, bound once with the FFM API, each capturing
 * {@code errno}. The constants and struct layouts are Linux's on 64-bit x86 and arm64, which agree on all of them.
 *
 * <p>{@code core.os.net} (raw, netlink and packet sockets) has its own {@code sockaddr} layouts; the few lines of
 * {@code sockaddr_in}/{@code sockaddr_in6} here duplicate them on purpose, to keep the two packages independent.
 */
@SuppressWarnings("restricted") // FFM downcalls: the distribution runs with --enable-native-access
public final class UdpSockets {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    /** Also SCM_TIMESTAMPNS, the control message's type: a struct timespec of CLOCK_REALTIME. */
    static final int SO_TIMESTAMPNS = 35;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int EAGAIN = 11;
    static final int EINTR = 4;

    static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    final MethodHandle socket;
    final MethodHandle setsockopt;
    final MethodHandle bind;
    final MethodHandle getsockname;
    final MethodHandle recvmmsg;
    final MethodHandle sendmmsg;
    final MethodHandle close;

    private UdpSockets(Linker linker, SymbolLookup libc) {
        Linker.Option errno = Linker.Option.captureCallState("errno");
        socket = handle(linker, libc, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        setsockopt = handle(linker, libc, "setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        bind = handle(linker, libc, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        getsockname = handle(linker, libc, "getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errno);
        recvmmsg = handle(linker, libc, "recvmmsg",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), errno);
        sendmmsg = handle(linker, libc, "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno);
        close = handle(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
    }

    /** Binds the calls. Empty when this is not 64-bit little-endian Linux on x86-64 or arm64. */
    public static Optional<UdpSockets> load() {
        if (!Platform.isLinux64()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UdpSockets(Linker.nativeLinker(), Linker.nativeLinker().defaultLookup()));
        } catch (UnsupportedOperationException | IllegalCallerException e) {
            // A libc without one of the calls, or native access refused to this module.
            return Optional.empty();
        }
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor,
                                       Linker.Option option) {
        return linker.downcallHandle(libc.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no " + name)),
                descriptor, option);
    }

    static int errno(java.lang.foreign.MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
