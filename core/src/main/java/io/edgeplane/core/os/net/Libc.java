package io.edgeplane.core.os.net;

import io.edgeplane.core.os.Platform;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * The C library's socket, poll, eventfd and namespace calls, bound once with the FFM API. Obtain one with
 * {@link #load()} and pass it to what opens sockets; it holds nothing but method handles, so any number of threads
 * share it. Every call captures {@code errno} with {@code Linker.Option.captureCallState} (a later call on the same
 * thread, even inside the JVM, may overwrite the thread's errno) and turns a failure into a
 * {@link SystemCallException} naming the call.
 */
public final class Libc {

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CAPTURE.byteOffset(groupElement("errno"));

    private final MethodHandle socket;
    private final MethodHandle close;
    private final MethodHandle bind;
    private final MethodHandle setsockopt;
    private final MethodHandle sendto;
    private final MethodHandle recvmsg;
    private final MethodHandle recvmmsg;
    private final MethodHandle sendmmsg;
    private final MethodHandle recvfrom;
    private final MethodHandle poll;
    private final MethodHandle eventfd;
    private final MethodHandle write;
    private final MethodHandle open;
    private final MethodHandle setns;
    private final MethodHandle strerror;

    private Libc(Linker linker, SymbolLookup libc) {
        Linker.Option errno = Linker.Option.captureCallState("errno");
        socket = bind(linker, libc, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        close = bind(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        bind = bind(linker, libc, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        setsockopt = bind(linker, libc, "setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        sendto = bind(linker, libc, "sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
        recvmsg = bind(linker, libc, "recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
        recvmmsg = bind(linker, libc, "recvmmsg",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), errno);
        sendmmsg = bind(linker, libc, "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                errno);
        recvfrom = bind(linker, libc, "recvfrom",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), errno);
        poll = bind(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        eventfd = bind(linker, libc, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        write = bind(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
        // open(2) is variadic (the mode); passing one keeps the x86_64 varargs convention (%al) right.
        open = bind(linker, libc, "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                errno, Linker.Option.firstVariadicArg(2));
        setns = bind(linker, libc, "setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        strerror = linker.downcallHandle(find(libc, "strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * Binds the calls. Empty when this is not 64-bit Linux on x86_64 or aarch64 (the struct layouts and constants
     * are only checked there) or the C library lacks one of them.
     */
    public static Optional<Libc> load() {
        if (!Platform.isLinux64()) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        try {
            return Optional.of(new Libc(linker, linker.defaultLookup()));
        } catch (IllegalStateException missing) {
            return Optional.empty();
        }
    }

    private static MethodHandle bind(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        return linker.downcallHandle(find(libc, name), descriptor, options);
    }

    private static MemorySegment find(SymbolLookup libc, String name) {
        return libc.find(name).orElseThrow(() -> new IllegalStateException("the C library has no " + name));
    }

    int socket(int domain, int type, int protocol, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) socket.invokeExact(capture, domain, type, protocol);
            return check(fd, what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("socket", t);
        }
    }

    /** Closes {@code fd}; Linux frees the descriptor even when close reports an error, so there is nothing to do. */
    void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) close.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw downcallFailed("close", t);
        }
    }

    void bind(int fd, MemorySegment address, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            check((int) bind.invokeExact(capture, fd, address, (int) address.byteSize()), what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("bind", t);
        }
    }

    void setsockopt(int fd, int level, int name, MemorySegment value, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            check((int) setsockopt.invokeExact(capture, fd, level, name, value, (int) value.byteSize()), what,
                    capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("setsockopt", t);
        }
    }

    void setsockopt(int fd, int level, int name, int value, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, name, arena.allocateFrom(JAVA_INT, value), what);
        }
    }

    long sendto(int fd, MemorySegment data, int flags, MemorySegment address, String what)
            throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            long sent = (long) sendto.invokeExact(capture, fd, data, data.byteSize(), flags, address,
                    (int) address.byteSize());
            return check(sent, what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("sendto", t);
        }
    }

    long recvmsg(int fd, MemorySegment msghdr, int flags, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            return check((long) recvmsg.invokeExact(capture, fd, msghdr, flags), what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("recvmsg", t);
        }
    }

    /**
     * {@code recvmmsg} without a timeout (a caller waits in {@link NativeSocket#awaitReadable} first, where
     * closing reaches it): fills up to {@code count} {@code struct mmsghdr} and returns how many.
     */
    int recvmmsg(int fd, MemorySegment mmsghdrs, int count, int flags, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            return check((int) recvmmsg.invokeExact(capture, fd, mmsghdrs, count, flags, MemorySegment.NULL), what,
                    capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("recvmmsg", t);
        }
    }

    /**
     * {@code sendmmsg}: sends up to {@code count} {@code struct mmsghdr} and returns how many went; an error only
     * when the first one failed (the kernel reports a later one's by stopping before it).
     */
    int sendmmsg(int fd, MemorySegment mmsghdrs, int count, int flags, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            return check((int) sendmmsg.invokeExact(capture, fd, mmsghdrs, count, flags), what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("sendmmsg", t);
        }
    }

    /** {@code recvfrom}; {@code address} receives the sender and {@code addressLength} (an int) its length. */
    long recvfrom(int fd, MemorySegment data, int flags, MemorySegment address, MemorySegment addressLength,
            String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            addressLength.set(JAVA_INT, 0, (int) address.byteSize());
            long received = (long) recvfrom.invokeExact(capture, fd, data, data.byteSize(), flags, address,
                    addressLength);
            return check(received, what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("recvfrom", t);
        }
    }

    int poll(MemorySegment pollfds, int count, int timeoutMillis, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            return check((int) poll.invokeExact(capture, pollfds, (long) count, timeoutMillis), what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("poll", t);
        }
    }

    int eventfd(String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) eventfd.invokeExact(capture, 0, Abi.EFD_CLOEXEC | Abi.EFD_NONBLOCK);
            return check(fd, what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("eventfd", t);
        }
    }

    /**
     * Adds one to an eventfd's counter, which makes it readable for good (nobody reads it back). A full counter
     * (EAGAIN) is as readable as ever, so that error is not one.
     */
    void signal(int eventFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            long written = (long) write.invokeExact(capture, eventFd, arena.allocateFrom(JAVA_LONG, 1L), 8L);
            if (written < 0 && capture.get(JAVA_INT, ERRNO) != Errno.EAGAIN) {
                throw new IllegalStateException("write(eventfd " + eventFd + ") failed: "
                        + Errno.name(capture.get(JAVA_INT, ERRNO)));
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("write", t);
        }
    }

    int openReadOnly(String path, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) open.invokeExact(capture, arena.allocateFrom(path), Abi.O_RDONLY | Abi.O_CLOEXEC, 0);
            return check(fd, what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("open", t);
        }
    }

    void setns(int fd, int namespaceType, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            check((int) setns.invokeExact(capture, fd, namespaceType), what, capture);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("setns", t);
        }
    }

    /** A {@link SystemCallException} for {@code errno}, with the C library's text for it. */
    SystemCallException error(String what, int errno) {
        return new SystemCallException(what, errno, describe(errno));
    }

    private String describe(int errno) {
        try {
            // glibc's strerror returns a constant string for every errno it knows; the text is read at once.
            MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "unknown error" : text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "unknown error";
        }
    }

    private int check(int result, String what, MemorySegment capture) throws SystemCallException {
        if (result < 0) {
            throw error(Objects.requireNonNull(what, "what"), capture.get(JAVA_INT, ERRNO));
        }
        return result;
    }

    private long check(long result, String what, MemorySegment capture) throws SystemCallException {
        if (result < 0) {
            throw error(Objects.requireNonNull(what, "what"), capture.get(JAVA_INT, ERRNO));
        }
        return result;
    }

    private static IllegalStateException downcallFailed(String name, Throwable t) {
        return new IllegalStateException(name + " downcall failed", t);
    }
}
