package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Is this IPv4 address in use?": sends an ICMP echo request and answers true when the address echoes it within a
 * timeout. A DHCP server asks before it offers an address, as dnsmasq and ISC dhcpd (one second) do, so that a
 * host configured by hand at an address of the pool is not given a twin.
 *
 * <p>Any number of probes may be in flight: each has a sequence number of its own, and a reply counts when it
 * carries that number, this prober's identifier and nonce, and comes from the probed address ({@link IcmpEcho}).
 * {@link #probe} never blocks: it sends ({@code MSG_DONTWAIT}) and returns a future, which one platform thread
 * ("icmp-probe") completes with true when the reply comes and a timer thread ("icmp-probe-timer") with false when
 * the time is up. Stages attached to the future without an executor run on those threads, so anything slow belongs
 * in an {@code ...Async} stage.
 *
 * <p>The socket is a raw ICMP one when the process has {@code CAP_NET_RAW}, filtered to echo replies
 * ({@code ICMP_FILTER}); otherwise the unprivileged ping socket ({@code SOCK_DGRAM, IPPROTO_ICMP}), for which the
 * process's group must lie within {@code net.ipv4.ping_group_range} and where the kernel picks the identifier and
 * hands over only replies to it. It belongs to the network namespace of the thread that opens it.
 */
public final class IcmpEchoProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IcmpEchoProbe.class);
    /** Our replies have 16 bytes and the IP header at most 60; longer ones are not ours and may be cut. */
    private static final int RECEIVE_BUFFER = 512;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private record Pending(int target, CompletableFuture<Boolean> result) {
    }

    private final NativeSocket socket;
    private final boolean raw;
    private final int identifier;
    private final long nonce;
    private final AtomicInteger nextSequence;
    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final Thread receiver;
    private volatile boolean closed;
    private volatile IOException failure;

    private IcmpEchoProbe(NativeSocket socket, boolean raw) {
        this.socket = socket;
        this.raw = raw;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.identifier = random.nextInt(0x10000);
        this.nonce = random.nextLong();
        this.nextSequence = new AtomicInteger(random.nextInt(0x10000));
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("icmp-probe-timer").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        this.receiver = Thread.ofPlatform().name("icmp-probe").daemon(true).unstarted(this::receive);
    }

    /**
     * Opens a raw ICMP socket, or the ping socket when raw ones are not permitted (EPERM), and starts the receiving
     * thread.
     */
    public static IcmpEchoProbe open(Libc libc) throws IOException {
        Objects.requireNonNull(libc, "libc");
        try {
            return open(libc, true);
        } catch (SystemCallException rawRefused) {
            if (rawRefused.errno() != Errno.EPERM && rawRefused.errno() != Errno.EACCES) {
                throw rawRefused;
            }
            try {
                return open(libc, false);
            } catch (SystemCallException pingRefused) {
                IOException both = new IOException("neither a raw ICMP socket (needs CAP_NET_RAW) nor a ping socket "
                        + "(needs the process's group within net.ipv4.ping_group_range) could be opened: "
                        + pingRefused.getMessage(), pingRefused);
                both.addSuppressed(rawRefused);
                throw both;
            }
        }
    }

    /** Opens the raw socket ({@code raw}) or the ping socket; for tests that want the one or the other. */
    static IcmpEchoProbe open(Libc libc, boolean raw) throws IOException {
        NativeSocket socket = NativeSocket.open(libc, Abi.AF_INET, raw ? Abi.SOCK_RAW : Abi.SOCK_DGRAM,
                Abi.IPPROTO_ICMP, raw ? "AF_INET SOCK_RAW IPPROTO_ICMP" : "AF_INET SOCK_DGRAM IPPROTO_ICMP");
        if (raw) {
            try {
                // The kernel hands a raw ICMP socket every ICMP message the host receives; keep echo replies only.
                socket.use(fd -> {
                    libc.setsockopt(fd, Abi.SOL_RAW, Abi.ICMP_FILTER, ~(1 << IcmpEcho.ECHO_REPLY),
                            "setsockopt(ICMP_FILTER echo replies only)");
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        IcmpEchoProbe probe = new IcmpEchoProbe(socket, raw);
        probe.receiver.start();
        return probe;
    }

    /** Whether this is a raw ICMP socket, rather than the unprivileged ping socket. */
    public boolean isRaw() {
        return raw;
    }

    /** {@code SO_BINDTODEVICE}: probes leave by, and replies count only from, {@code interfaceName}. */
    public void bindToDevice(String interfaceName) throws IOException {
        socket.bindToDevice(interfaceName);
    }

    /** How many probes wait for their reply or timeout. */
    public int inFlight() {
        return pending.size();
    }

    /**
     * Asks whether {@code target} answers within {@code timeout} (more than zero). The future completes with true
     * when its echo reply arrives, false when the timeout passes first or the prober is closed meanwhile, and
     * exceptionally when the request could not be sent (no route: ENETUNREACH), the prober was closed before, or
     * 65,536 probes are already in flight.
     */
    public CompletableFuture<Boolean> probe(Inet4Address target, Duration timeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + ": expected more than zero");
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        IOException failed = failure;
        if (failed != null || closed) {
            result.completeExceptionally(failed != null ? new IOException("the ICMP receive thread stopped", failed)
                    : new ClosedChannelException());
            return result;
        }
        Pending entry = new Pending(SocketAddresses.ipv4Bits(target), result);
        int sequence = register(entry);
        if (sequence < 0) {
            result.completeExceptionally(new IllegalStateException("65536 ICMP probes in flight: expected fewer"));
            return result;
        }
        // However it ends (reply, timeout, close, a caller's cancel), the entry goes and the timer task with it.
        result.whenComplete((answer, error) -> pending.remove(sequence, entry));
        long timeoutNanos;
        try {
            timeoutNanos = timeout.toNanos();
        } catch (ArithmeticException centuries) {
            timeoutNanos = Long.MAX_VALUE;
        }
        try {
            ScheduledFuture<?> expiry = timer.schedule(() -> result.complete(false), timeoutNanos,
                    TimeUnit.NANOSECONDS);
            result.whenComplete((answer, error) -> expiry.cancel(false));
        } catch (RejectedExecutionException closing) {
            result.complete(false);
            return result;
        }
        // close() (and a dying receive thread) set their flag before they complete what is pending: one of the
        // two sees the other.
        if (closed) {
            result.complete(false);
            return result;
        }
        if (failure != null) {
            result.completeExceptionally(new IOException("the ICMP receive thread stopped", failure));
            return result;
        }
        try {
            send(target, sequence);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** A free sequence number, taken for {@code entry}; -1 when all 65,536 are. */
    private int register(Pending entry) {
        for (int attempt = 0; attempt < 0x10000; attempt++) {
            int sequence = nextSequence.getAndIncrement() & 0xFFFF;
            if (pending.putIfAbsent(sequence, entry) == null) {
                return sequence;
            }
        }
        return -1;
    }

    private void send(Inet4Address target, int sequence) throws IOException {
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment request = arena.allocate(IcmpEcho.LENGTH);
                IcmpEcho.request(request.asByteBuffer(), identifier, sequence, nonce);
                socket.libc().sendto(fd, request, Abi.MSG_DONTWAIT, SocketAddresses.ipv4(arena, target, 0),
                        "sendto(ICMP echo request to " + target.getHostAddress() + ")");
            }
            return null;
        });
    }

    private void receive() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(RECEIVE_BUFFER, 8);
            MemorySegment sender = arena.allocate(Abi.SOCKADDR_IN_SIZE, 4);
            MemorySegment senderLength = arena.allocate(JAVA_INT);
            ByteBuffer packet = data.asByteBuffer();
            while (true) {
                long length = socket.use(fd -> {
                    // Never times out: close() ends the wait.
                    while (socket.awaitReadable(Long.MAX_VALUE) == NativeSocket.Readiness.READABLE) {
                        try {
                            return socket.libc().recvfrom(fd, data, Abi.MSG_DONTWAIT | Abi.MSG_TRUNC, sender,
                                    senderLength, "recvfrom(" + socket.description() + ")");
                        } catch (SystemCallException e) {
                            if (e.errno() != Errno.EAGAIN && e.errno() != Errno.EINTR) {
                                throw e;
                            }
                        }
                    }
                    throw new AsynchronousCloseException();
                });
                // Longer than the buffer: cut, so its checksum cannot be checked, and not one of ours anyway.
                if (length <= RECEIVE_BUFFER) {
                    answered(packet, (int) length, sender.get(SocketAddresses.NET_INT, Abi.SIN_ADDR));
                }
            }
        } catch (ClosedChannelException closing) {
            // close() was called (AsynchronousCloseException is one too): the normal way out.
        } catch (IOException | RuntimeException e) {
            log.error("ICMP echo prober on {} stopped: pending and later probes fail", socket.description(), e);
            failure = e instanceof IOException io ? io : new IOException(e);
            pending.values().forEach(p -> p.result().completeExceptionally(failure));
        }
    }

    private void answered(ByteBuffer packet, int length, int source) {
        long reply = IcmpEcho.reply(packet, length, raw, nonce);
        if (reply == IcmpEcho.NOT_A_REPLY) {
            return;
        }
        // A ping socket's identifier is the kernel's, which has already picked out the replies to it.
        if (raw && (int) (reply >>> 16) != identifier) {
            return;
        }
        Pending entry = pending.get((int) (reply & 0xFFFF));
        if (entry != null && entry.target() == source) {
            entry.result().complete(true);
        }
    }

    /**
     * Stops the threads, closes the socket and completes every pending probe with false; later probes fail.
     * Waits up to two seconds for the receiving thread, unless called on it. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        socket.close();
        timer.shutdownNow();
        pending.values().forEach(p -> p.result().complete(false));
        if (Thread.currentThread() != receiver) {
            try {
                receiver.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "IcmpEchoProbe[" + socket.description() + (socket.isOpen() ? "" : ", closed") + "]";
    }
}
