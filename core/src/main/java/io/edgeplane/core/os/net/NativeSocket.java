package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One socket descriptor and the eventfd that {@link #close()} signals, shared by the socket classes of this package.
 *
 * <p>A receive waits in {@code poll(2)} on both descriptors, so closing from another thread ends it at once instead
 * of leaving it blocked in the kernel. The descriptor is only closed once no call is using it (a read lock per call,
 * the write lock to close): closing a descriptor another thread is about to pass to the kernel could hand that
 * thread a descriptor number the process has meanwhile reused for something else.
 */
final class NativeSocket implements AutoCloseable {

    /** What a wait found. */
    enum Readiness { READABLE, TIMED_OUT }

    /** An operation on the descriptor. */
    @FunctionalInterface
    interface Operation<T> {
        T apply(int fd) throws IOException;
    }

    private final Libc libc;
    private final int fd;
    private final int wakeFd;
    private final String description;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    private NativeSocket(Libc libc, int fd, int wakeFd, String description) {
        this.libc = libc;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.description = description;
    }

    /** Opens {@code socket(domain, type | SOCK_CLOEXEC, protocol)} and its eventfd. */
    static NativeSocket open(Libc libc, int domain, int type, int protocol, String description)
            throws SystemCallException {
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(description, "description");
        int fd = libc.socket(domain, type | Abi.SOCK_CLOEXEC, protocol, "socket(" + description + ")");
        int wake;
        try {
            wake = libc.eventfd("eventfd(for closing " + description + ")");
        } catch (SystemCallException e) {
            libc.close(fd);
            throw e;
        }
        return new NativeSocket(libc, fd, wake, description);
    }

    Libc libc() {
        return libc;
    }

    String description() {
        return description;
    }

    boolean isOpen() {
        return !closed;
    }

    /** Runs {@code operation} on the descriptor; the socket is not closed under it. */
    <T> T use(Operation<T> operation) throws IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            return operation.apply(fd);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@code SO_BINDTODEVICE}: sends leave by, and receives come only from, {@code interfaceName} (at most 15
     * bytes). ENODEV when the namespace has no such interface.
     */
    void bindToDevice(String interfaceName) throws IOException {
        byte[] name = Link.requireName(interfaceName);
        use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(name.length + 1L);
                MemorySegment.copy(name, 0, value, JAVA_BYTE, 0, name.length);
                libc.setsockopt(fd, Abi.SOL_SOCKET, Abi.SO_BINDTODEVICE, value,
                        "setsockopt(" + description + ", SO_BINDTODEVICE " + interfaceName + ")");
            }
            return null;
        });
    }

    /**
     * Within {@link #use}: waits until the socket is readable or {@code deadlineNanos} ({@link System#nanoTime()}
     * scale; {@code Long.MAX_VALUE} waits for ever) passes. Throws {@link AsynchronousCloseException} when
     * {@link #close()} is called meanwhile.
     */
    Readiness awaitReadable(long deadlineNanos) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(2L * Abi.POLLFD_SIZE, 8);
            pollfds.set(JAVA_INT, 0, fd);
            pollfds.set(JAVA_SHORT, Abi.POLL_EVENTS, Abi.POLLIN);
            pollfds.set(JAVA_INT, Abi.POLLFD_SIZE, wakeFd);
            pollfds.set(JAVA_SHORT, Abi.POLLFD_SIZE + Abi.POLL_EVENTS, Abi.POLLIN);
            // Bounded: each round either returns or waits until the deadline; EINTR only restarts the wait.
            while (true) {
                if (closed) {
                    throw new AsynchronousCloseException();
                }
                int timeoutMillis = timeoutMillis(deadlineNanos, System.nanoTime());
                int ready;
                try {
                    ready = libc.poll(pollfds, 2, timeoutMillis, "poll(" + description + ")");
                } catch (SystemCallException e) {
                    if (e.errno() == Errno.EINTR) {
                        continue;
                    }
                    throw e;
                }
                short wake = pollfds.get(JAVA_SHORT, Abi.POLLFD_SIZE + Abi.POLL_REVENTS);
                if (wake != 0 || closed) {
                    throw new AsynchronousCloseException();
                }
                short events = pollfds.get(JAVA_SHORT, Abi.POLL_REVENTS);
                if ((events & Abi.POLLNVAL) != 0) {
                    throw new IllegalStateException(description + ": poll says descriptor " + fd + " is not open");
                }
                if (ready > 0 && events != 0) {
                    // POLLERR too: the receive that follows reports the pending error.
                    return Readiness.READABLE;
                }
                if (timeoutMillis >= 0 && System.nanoTime() - deadlineNanos >= 0) {
                    return Readiness.TIMED_OUT;
                }
            }
        }
    }

    /** poll(2)'s timeout for a deadline: rounded up to whole milliseconds, -1 for none, 0 once past. */
    static int timeoutMillis(long deadlineNanos, long nowNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return -1;
        }
        long remaining = deadlineNanos - nowNanos;
        if (remaining <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
    }

    /** The {@link System#nanoTime()} deadline {@code timeout} from now; a non-negative timeout, saturating. */
    static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout + ": expected zero or more");
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        return deadline(nanos);
    }

    /** The {@link System#nanoTime()} deadline {@code timeoutNanos} from now, saturating to "for ever". */
    static long deadline(long timeoutNanos) {
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout " + timeoutNanos + " ns: expected zero or more");
        }
        // Deadlines compare by subtraction, which stays right while a timeout is under 2^62 ns (146 years).
        long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE >> 1);
        return deadline == Long.MAX_VALUE ? deadline - 1 : deadline;
    }

    /**
     * Wakes any wait, then closes both descriptors once no call is using them. Idempotent. A call blocked in
     * {@link #awaitReadable} returns at once; other calls never block (sends use {@code MSG_DONTWAIT}).
     */
    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(description + ": close() called from inside an operation on it");
        }
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        libc.signal(wakeFd);
        lock.writeLock().lock();
        try {
            libc.close(fd);
            libc.close(wakeFd);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
